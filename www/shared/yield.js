// Yielding to the event loop between chunks of work, so that messages (pause, a new
// config, a frame's ack) are handled. A nested setTimeout(0) waits at least 4 ms (HTML's
// timer clamping; about 5 ms measured in Chromium 156's workers), which after the
// playground worker's 12 ms training chunks left it idle a third of the time. A message on
// a MessageChannel is a task of its own with no clamp, queued behind the messages already
// waiting (both are the posted-message task source), so none of them starves.
const channel = new MessageChannel();
const waiting = [];
channel.port1.onmessage = () => waiting.shift()();

/** Resolves in a task of its own, after the tasks already queued. */
export function yieldToEvents() {
  return new Promise((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(0);
  });
}
