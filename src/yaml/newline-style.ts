/** The newline sequence ending the line that contains `offset` (`\r\n` or `\n`), or the file's first one. */
export function newlineAt(text: string, offset: number): string {
  const nl = text.indexOf('\n', offset);
  if (nl > 0 && text[nl - 1] === '\r') return '\r\n';
  if (nl >= 0) return '\n';
  return detectNewline(text);
}

/** `\r\n` when the first line break of `text` is CRLF, else `\n`. */
export function detectNewline(text: string): string {
  const nl = text.indexOf('\n');
  return nl > 0 && text[nl - 1] === '\r' ? '\r\n' : '\n';
}

/** Offset of the first character of the line containing `offset`. */
export function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Offset of the line break (or end of text) ending the line containing `offset`; a `\r` before `\n` is part of the break. */
export function lineEndOf(text: string, offset: number): number {
  let nl = text.indexOf('\n', offset);
  if (nl < 0) return text.length;
  if (nl > 0 && text[nl - 1] === '\r') nl--;
  return nl;
}

/** Offset just after the line break ending the line containing `offset` (or end of text). */
export function nextLineStart(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl + 1;
}
