/**
 * The few SGR colors the CLI uses. With `enabled === false` every function is
 * the identity, so callers never branch on color themselves.
 */
export interface Colors {
  readonly enabled: boolean;
  readonly red: (s: string) => string;
  readonly green: (s: string) => string;
  readonly yellow: (s: string) => string;
  readonly cyan: (s: string) => string;
  readonly bold: (s: string) => string;
  readonly dim: (s: string) => string;
}

const sgr = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;

export function createColors(enabled: boolean): Colors {
  if (!enabled) {
    const id = (s: string): string => s;
    return { enabled: false, red: id, green: id, yellow: id, cyan: id, bold: id, dim: id };
  }
  return { enabled: true, red: sgr(31, 39), green: sgr(32, 39), yellow: sgr(33, 39), cyan: sgr(36, 39), bold: sgr(1, 22), dim: sgr(2, 22) };
}

/**
 * Color decision for one stream, first match wins:
 * 1. `--color` / `--no-color`;
 * 2. FORCE_COLOR (as Node and chalk read it): `0` or `false` off, any other
 *    value (even empty) on;
 * 3. NO_COLOR set and non-empty: off (https://no-color.org);
 * 4. on for a terminal, off otherwise.
 */
export function shouldColor(explicit: boolean | undefined, isTTY: boolean, env: Readonly<Record<string, string | undefined>>): boolean {
  if (explicit !== undefined) return explicit;
  const force = env['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  const noColor = env['NO_COLOR'];
  if (noColor !== undefined && noColor !== '') return false;
  return isTTY;
}
