/** The UTF-8 text of a base64 value (line breaks and blanks of a folded scalar removed), or undefined when it is not base64 of UTF-8 text. */
export function decodeBase64(value: string): string | undefined {
  const b64 = value.replace(/\s+/g, '');
  if (b64.length < 4 || !/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return undefined;
  try {
    const bin = atob(b64);
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
  } catch {
    return undefined;
  }
}

/** A base64 value read as Kubernetes reads a Secret's `data` (or a ConfigMap's `binaryData`): its UTF-8 text, or why it cannot be. */
export type KubernetesBase64 = { readonly text: string } | { readonly problem: string };

/**
 * Decodes a base64 value as the API server does: Go's `encoding/json` reads a
 * `[]byte` with `base64.StdEncoding`, which skips `\r` and `\n` (a value
 * wrapped over lines) and nothing else, and wants the `=` padding. A space (a
 * folded `>` block or a multi-line plain scalar joins its lines with one) is
 * illegal. The bytes must then be UTF-8 text (a byte order mark is kept, so
 * that re-encoding gives the same bytes back).
 */
export function readKubernetesBase64(value: string): KubernetesBase64 {
  const b64 = value.replace(/[\r\n]/g, '');
  const bad = /[^A-Za-z0-9+/=]/.exec(b64);
  if (bad) return { problem: `illegal base64 data at input byte ${bad.index} (${JSON.stringify(bad[0])}; only line breaks may wrap a base64 value)` };
  if (b64.length % 4 !== 0) return { problem: `illegal base64 data: ${b64.length} characters, not a multiple of 4 (padding missing or a character lost)` };
  const pad = b64.indexOf('=');
  if (pad >= 0 && (pad < b64.length - 2 || !/^=*$/.test(b64.slice(pad)))) return { problem: `illegal base64 data at input byte ${pad} (padding before the end)` };
  try {
    const bin = atob(b64);
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(Uint8Array.from(bin, (c) => c.charCodeAt(0))) };
  } catch {
    return { problem: 'the decoded bytes are not UTF-8 text' };
  }
}

/** The standard base64 of a text's UTF-8 bytes, with `=` padding, on one line. */
export function encodeBase64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}
