/*
 * C's character rules that Fluent Bit applies to keys, section and plugin
 * names, shared by every stage that compares them as Fluent Bit does.
 */

/**
 * C tolower() in the C locale: ASCII letters only (JavaScript's toLowerCase
 * also folds non-ASCII letters, which Fluent Bit does not), as strcasecmp /
 * strncasecmp compare names. A string without A-Z comes back as it is; the
 * result is one flat string.
 */
export function cLower(s: string): string {
  // Fast path: most keys are ASCII, where toLowerCase() is the same thing.
  return /^[\x00-\x7f]*$/.test(s) ? s.toLowerCase() : s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

/** C isspace() in the C locale: space, \t, \n, \v, \f, \r. */
export function isCSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** flb_sds_trim(): strips C isspace() characters at both ends (never Unicode spaces). */
export function cTrim(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isCSpace(s.charCodeAt(a))) a++;
  while (b > a && isCSpace(s.charCodeAt(b - 1))) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}
