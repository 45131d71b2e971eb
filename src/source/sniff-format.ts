/**
 * True when a text with no file name is a classic config rather than YAML:
 * its first meaningful line is a `[SECTION]` header or an `@INCLUDE`/`@SET`
 * command (a YAML stream never starts that way in practice).
 */
export function looksLikeClassicConfig(text: string): boolean {
  for (const raw of text.replace(/^\uFEFF/, '').split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    return /^\[[A-Za-z_][A-Za-z0-9_. -]*\]$/.test(line) || /^@(INCLUDE|SET)\s/i.test(line);
  }
  return false;
}
