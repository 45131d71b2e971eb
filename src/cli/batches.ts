import * as path from 'node:path';
import type { Input } from './collect-inputs.js';

/*
 * Which files go to one `migrate()` call. The library ties a config to the
 * workload that runs it only inside one call, and a call holds its files in
 * memory, so the CLI hands it the smallest sets that are still whole
 * deployments:
 * - a directory's files go together (a ConfigMap and the DaemonSet that mounts
 *   it normally sit side by side);
 * - directories that a kustomization links go together: its `resources`,
 *   `bases`, `components`, generator `files`, patches and Helm `valuesFile`,
 *   so an overlay's `images:` override reaches the base's DaemonSet and a
 *   `configMapGenerator` file in `conf/` joins the workload that mounts it;
 * - directories that include references of plain config files link go
 *   together (`@INCLUDE conf.d/*.conf`, `Parsers_File ../parsers/x.conf`, a
 *   YAML config's `includes:` and `service.parsers_file`): `includeLinks`,
 *   found by the caller (includes/file-links.ts), so `@SET` variables,
 *   parsers and setups reach the included files as in one `migrate()` call;
 * - a Helm chart's subcharts (`charts/<dir>/Chart.yaml`) go with the chart
 *   whose `charts/` directory holds them (its `Chart.yaml` among the inputs),
 *   so an umbrella's values reach a subchart's own dependencies
 *   (discover/umbrella.ts);
 * - with --to-yaml everything is one call (a rename must be seen by every
 *   file that names the renamed one);
 * - standard input is a call of its own.
 * Groups keep the order in which their first file was found, files their
 * input order.
 */

export interface GroupingOptions {
  readonly cwd: string;
  readonly oneBatch?: boolean;
  /** The local paths a kustomization text reads (discover/kustomization.ts `kustomizationReferences`). */
  readonly kustomizationReferences?: (text: string) => readonly string[];
  /** Reads a kustomization file of the inputs; undefined when it cannot (the migration reports that file's error itself). */
  readonly readText?: (file: string) => Promise<string | undefined>;
  /** Sets of input paths that include references link (includes/file-links.ts `linkedFiles`): each joins its directories. */
  readonly includeLinks?: readonly (readonly string[])[];
}

const KUSTOMIZATION = /(^|[\\/])(kustomization\.ya?ml|Kustomization)$/;

/** True when `file` is a kustomization whose references can join directories. */
export function isKustomizationPath(file: string): boolean {
  return KUSTOMIZATION.test(file);
}

export async function groupInputs(inputs: readonly Input[], options: GroupingOptions): Promise<Input[][]> {
  // Each input's path resolved once (a GitOps tree: 10,000 inputs; keyOf is asked three times for each).
  const keys = new Map<Input, string>();
  const resolved: string[] = [];
  for (const input of inputs) {
    if (input.kind === 'stdin') {
      keys.set(input, '\u0000stdin');
      continue;
    }
    const abs = path.resolve(options.cwd, input.path);
    resolved.push(abs);
    keys.set(input, options.oneBatch ? '' : path.dirname(abs));
  }
  const keyOf = (input: Input): string => keys.get(input) as string;

  // Union-find over directory keys.
  const parent = new Map<string, string>();
  for (const input of inputs) parent.set(keyOf(input), keyOf(input));
  const find = (k: string): string => {
    let root = k;
    while (parent.get(root) !== root) root = parent.get(root) as string;
    for (let x = k; x !== root; ) {
      const next = parent.get(x) as string;
      parent.set(x, root);
      x = next;
    }
    return root;
  };
  const union = (a: string, b: string): void => {
    if (!parent.has(a) || !parent.has(b)) return;
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(rb, ra);
  };

  const files = new Set(resolved);
  const { kustomizationReferences, readText } = options;
  if (!options.oneBatch && kustomizationReferences && readText) {
    for (const input of inputs) {
      if (input.kind !== 'file' || !isKustomizationPath(input.path)) continue;
      const text = await readText(input.path);
      if (text === undefined) continue;
      const dir = keyOf(input);
      for (const ref of kustomizationReferences(text)) {
        const target = path.resolve(dir, ref);
        // A file of the inputs joins its directory; anything else may be a directory of them (a base, a component).
        union(dir, files.has(target) ? path.dirname(target) : target);
      }
    }
  }

  if (!options.oneBatch) {
    for (const file of files) {
      if (path.basename(file) !== 'Chart.yaml') continue;
      const charts = path.dirname(path.dirname(file));
      if (path.basename(charts) === 'charts' && files.has(path.join(path.dirname(charts), 'Chart.yaml'))) union(path.dirname(charts), path.dirname(file));
    }
    for (const linked of options.includeLinks ?? []) {
      const [first, ...rest] = linked.map((p) => path.dirname(path.resolve(options.cwd, p)));
      for (const dir of rest) union(first as string, dir);
    }
  }

  const groups = new Map<string, Input[]>();
  for (const input of inputs) {
    const root = find(keyOf(input));
    const group = groups.get(root);
    if (group === undefined) groups.set(root, [input]);
    else group.push(input);
  }
  return [...groups.values()];
}
