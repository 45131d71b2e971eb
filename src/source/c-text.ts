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
