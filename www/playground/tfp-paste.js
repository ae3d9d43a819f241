// The "paste a TensorFlow Playground link" box (tfp.html): opens the playground with the
// link's hash, where the worker recognizes it (tfp-run.js).
const form = document.getElementById('tfp-paste');
const input = document.getElementById('tfp-link');
const error = document.getElementById('tfp-error');

form.addEventListener('submit', (e) => {
  e.preventDefault();
  const text = input.value.trim();
  const at = text.indexOf('#');
  if (at < 0 || at === text.length - 1) {
    error.hidden = false;
    error.textContent = 'That link has no settings: a Playground link ends in #… (for example #activation=tanh&batchSize=10&dataset=circle). Copy it from the address bar of playground.tensorflow.org.';
    return;
  }
  location.href = new URL(`../../index.html${text.slice(at)}`, location.href).href;
});
input.focus();
