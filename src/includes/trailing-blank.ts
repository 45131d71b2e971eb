/**
 * An `@INCLUDE` path that ends with blanks: Fluent Bit keeps them (flb_cf_fluentbit.c read_config passes `buf + 9`,
 * the rest of the line without its `\n` / `\r\n`, to read_config or read_glob untrimmed), so it looks for a file whose
 * name ends with the blank. When the trimmed path is among the inputs, that is almost surely a typo: the hint says so.
 */
export function trailingBlankHint(ref: string, found: (trimmed: string) => boolean): string | undefined {
  let end = ref.length;
  while (end > 0 && (ref[end - 1] === ' ' || ref[end - 1] === '\t')) end--;
  const trimmed = ref.slice(0, end);
  if (trimmed === ref || trimmed === '' || !found(trimmed)) return undefined;
  const there = trimmed.includes('*') ? 'which matches files among the inputs' : 'which is among the inputs';
  return `the path ends with a blank, which Fluent Bit keeps: it looks for '${ref}', not '${trimmed}', ${there}; remove the trailing blank`;
}
