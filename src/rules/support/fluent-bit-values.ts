/*
 * How Fluent Bit reads property values: booleans and comma lists.
 */

/** A boolean that is on, as Fluent Bit reads it (flb_utils_bool: `true`, `on`, `yes`, any case). */
export function isTrue(value: string | undefined): boolean {
  return value !== undefined && /^(on|true|yes)$/i.test(value.trim());
}

/** Splits a CLIST value (`a, b,c`) into trimmed, non-empty items. */
export function splitList(value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
}
