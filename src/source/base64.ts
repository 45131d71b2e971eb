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
