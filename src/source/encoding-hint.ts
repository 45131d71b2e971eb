/**
 * Why a text that reached the library with NUL characters or U+FFFD (the
 * replacement character a UTF-8 decoder puts for invalid bytes) is not a
 * config we can read, naming the likely encoding: jscodeshift and other
 * callers read files as UTF-8, so a UTF-16 file arrives with a NUL between
 * the characters, and a Latin-1 file with U+FFFD for its accented letters.
 * (The CLI reads bytes and says the same before calling the library.)
 */
export function undecodableTextMessage(text: string): string {
  const sample = text.slice(0, 4096);
  const bom = sample.startsWith('\uFFFD\uFFFD');
  let oddNul = 0;
  let evenNul = 0;
  const start = bom ? 2 : 0;
  for (let i = start; i < sample.length; i++) {
    if (sample.charCodeAt(i) === 0) {
      if ((i - start) % 2 === 1) oddNul++;
      else evenNul++;
    }
  }
  const pairs = Math.floor((sample.length - start) / 2);
  if (pairs >= 2 && oddNul >= pairs * 0.9 && evenNul === 0) return notUtf8('UTF-16LE', bom);
  if (pairs >= 2 && evenNul >= pairs * 0.9 && oddNul === 0) return notUtf8('UTF-16BE', bom);
  if (!text.includes('\u0000')) {
    return 'file is not valid UTF-8 (it looks like Latin-1 / Windows-1252 text); Fluent Bit and Kubernetes read UTF-8: convert it (iconv -f LATIN1 -t UTF-8); skipped';
  }
  return 'file looks binary (NUL byte or invalid UTF-8); skipped';
}

function notUtf8(encoding: string, bom: boolean): string {
  return `file looks like ${encoding}${bom ? ' (with a byte-order mark)' : ''} read as UTF-8; Fluent Bit and Kubernetes read UTF-8: convert it (iconv -f ${encoding} -t UTF-8); skipped`;
}
