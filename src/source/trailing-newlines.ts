/** The number of `\n` at the end of `text` (a linear scan; `/\n+$/` backtracks on long runs). */
export function trailingNewlines(text: string): number {
  let n = 0;
  while (n < text.length && text.charCodeAt(text.length - 1 - n) === 10) n++;
  return n;
}

/** `text` without its final line feeds. */
export function trimTrailingNewlines(text: string): string {
  return text.slice(0, text.length - trailingNewlines(text));
}
