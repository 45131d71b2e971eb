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

/** What daemonSetOf varies. */
export interface DaemonSetOptions {
  readonly image?: string;
  readonly args?: readonly string[];
  /** Where ConfigMap `fb` is mounted (default /fluent-bit/etc). */
  readonly mount?: string;
  readonly subPath?: string;
  /** The volume's `items`: a key at its own path, or `[key, path]`. */
  readonly items?: readonly (string | readonly [string, string])[];
  /** Run Fluent Bit as an init container (next to a busybox main container). */
  readonly init?: boolean;
}

/** A DaemonSet `fluent-bit` whose one Fluent Bit container mounts ConfigMap `fb` as `opts` says. */
export const daemonSetOf = (opts: DaemonSetOptions = {}): string =>
  [
    'apiVersion: apps/v1',
    'kind: DaemonSet',
    'metadata:',
    '  name: fluent-bit',
    'spec:',
    '  template:',
    '    spec:',
    `      ${opts.init === true ? 'initContainers' : 'containers'}:`,
    '        - name: fluent-bit',
    `          image: ${opts.image ?? 'fluent/fluent-bit:3.2.4'}`,
    ...(opts.args ? ['          args:', ...opts.args.map((a) => `            - ${JSON.stringify(a)}`)] : []),
    '          volumeMounts:',
    '            - name: config',
    `              mountPath: ${opts.mount ?? '/fluent-bit/etc'}`,
    ...(opts.subPath ? [`              subPath: ${opts.subPath}`] : []),
    ...(opts.init === true ? ['      containers:', '        - name: app', '          image: busybox'] : []),
    '      volumes:',
    '        - name: config',
    '          configMap:',
    '            name: fb',
    ...(opts.items
      ? ['            items:', ...opts.items.flatMap((i) => (typeof i === 'string' ? [i, i] : i)).flatMap((v, n) => (n % 2 === 0 ? [`              - key: ${v}`] : [`                path: ${v}`]))]
      : []),
    '',
  ].join('\n');
