/** Manifest builders shared by tests that write a ConfigMap inline. */

/** `text`'s non-empty lines indented by four spaces: the body of a `key: |` block under `data:`. */
export const indentBlock = (text: string): string =>
  text
    .split('\n')
    .map((l) => (l ? `    ${l}` : l))
    .join('\n');

/** A ConfigMap `fb` whose data keys hold `files` as literal blocks, in order. */
export const configMapOf = (files: Record<string, string>): string =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fb\ndata:\n${Object.entries(files)
    .map(([k, v]) => `  ${k}: |\n${indentBlock(v)}`)
    .join('\n')}\n`;
