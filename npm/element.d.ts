// Types of gradlab/element (www/embed.js): importing it once defines <gradlab-playground>.

/** The URL of a view with these settings (page flags in the query, run settings in the hash). */
export function viewUrl(
  view: 'playground' | 'optimizers' | 'forward' | 'simplicity' | 'compact',
  settings?: Record<string, string | number | Array<string | number>>,
  flags?: { hide?: string; autoplay?: boolean },
): string;

/** Attribute names for run settings whose own name HTML already uses (layers → hidden). */
export const ALIASES: Record<string, string>;

declare global {
  interface HTMLElementTagNameMap { 'gradlab-playground': HTMLElement }
}
