import type { Discovery } from '../discover/discovery-types.js';
import { CHART_DEFAULT_REPOSITORY } from '../discover/helm-values.js';
import { isFluentBitImage, isVendorTaggedImage, parseImageRef } from '../discover/image-ref.js';
import { helmCommandLines, isFluentChart, mayRunHelm, scriptReleases, type HelmCommandLine } from '../discover/shell-helm.js';
import { LineIndex } from '../source/line-index.js';
import { compareVersions, imageVersion } from './image-version.js';
import { dirname, joinPath, normalizePath } from './paths.js';
import type { ResolvedVersion } from './types.js';

/*
 * A config file a shell script or Makefile hands to the fluent/fluent-bit
 * chart with `--set-file config.<piece>=FILE`, on the same helm command line
 * as `--set image.tag=X`: the chart runs that file's text on the image
 * `<image.repository or the chart's default>:X`, as chart values'
 * `image.repository` and `image.tag` are read (build-deployment.ts
 * chartImage). Read only on that one command line; a
 * tag or repository given by a values file (`-f`), a variable or another
 * command is not followed. FILE is taken relative to the script's directory
 * (make runs a recipe there; a script usually `cd`s there), else relative to
 * the nearest ancestor directory where the batch holds it (a script run
 * from the repository's root with root-relative paths).
 */

/** A `--set-file` path against the script's directory, then its ancestors: the first the batch holds (normalised). */
function resolveSetFile(script: string, file: string, has: (path: string) => boolean): string | undefined {
  for (let dir = dirname(normalizePath(script)); ; dir = dirname(dir)) {
    const at = joinPath(dir, file);
    if (has(at)) return at;
    if (dir === '' || dir === '/' || dir === '.') return undefined;
  }
}

/** The fluent/fluent-bit helm commands of a script with the `--set-file config.*` files they hand the chart. */
function scriptCommands(path: string, text: string): { readonly cmd: HelmCommandLine; readonly files: readonly string[] }[] {
  if (!mayRunHelm(path) || !text.includes('helm') || !text.includes('--set-file')) return [];
  return helmCommandLines(text).flatMap((cmd) => {
    if (!isFluentChart(cmd.chart, cmd.repo)) return [];
    const files = cmd.sets.filter((s) => s.flag === 'set-file' && s.key.startsWith('config.') && !/[$`]/.test(s.value)).map((s) => s.value);
    return files.length === 0 ? [] : [{ cmd, files }];
  });
}

/**
 * For the CLI's batching: the input files a script's helm commands hand a
 * Fluent Bit chart, with the script itself, so that they are migrated
 * together wherever they sit (empty when none): the fluent/fluent-bit chart's
 * `--set-file config.*` files, and the `-f`/`--values` files of a release
 * (discover/shell-helm.ts scriptReleases; migrate/read-batch.ts links them).
 */
export function scriptSetFileLinksIn(file: string, text: string, inputs: readonly string[]): string[] {
  const commands = scriptCommands(file, text);
  const { releases } = scriptReleases(file, text);
  if (commands.length === 0 && releases.length === 0) return [];
  const byPath = new Map(inputs.map((i) => [normalizePath(i), i]));
  const linked = commands.flatMap(({ files }) => files.flatMap((f) => {
    const at = resolveSetFile(file, f, (p) => byPath.has(p));
    return at === undefined ? [] : [byPath.get(at) as string];
  }));
  for (const r of releases) for (const ref of r.valuesFileRefs) {
    const at = byPath.get(joinPath(ref.base, ref.path));
    if (at !== undefined) linked.push(at);
  }
  return linked.length === 0 ? [] : [file, ...new Set(linked)];
}

/** The versions scripts give config files (normalised paths): the lowest when several commands run one file. */
export function scriptConfigVersions(discoveries: readonly Discovery[]): ReadonlyMap<string, ResolvedVersion> {
  const out = new Map<string, ResolvedVersion>();
  let paths: Set<string> | undefined;
  for (const d of discoveries) {
    const commands = scriptCommands(d.path, d.text);
    if (commands.length === 0) continue;
    paths ??= new Set(discoveries.map((x) => normalizePath(x.path)));
    const has = (p: string): boolean => (paths as Set<string>).has(p);
    let lines: LineIndex | undefined;
    for (const { cmd, files } of commands) {
      const last = (key: string) => cmd.sets.filter((s) => (s.flag === 'set' || s.flag === 'set-string' || s.flag === 'set-literal') && s.key === key).pop();
      const tag = last('image.tag');
      const repository = last('image.repository')?.value ?? CHART_DEFAULT_REPOSITORY;
      if (tag === undefined || /[$`]/.test(tag.value + repository) || !isFluentBitImage(repository) || isVendorTaggedImage(repository)) continue;
      const ref = parseImageRef(`${repository}:${tag.value}`);
      const { version } = imageVersion(ref);
      if (version === undefined) continue;
      lines ??= new LineIndex(d.text);
      const reason = `${ref.image} (--set image.tag of the helm command in ${d.path})`;
      const resolved: ResolvedVersion = { version, origin: 'image', note: `${ref.image} (--set image.tag of the helm command at ${d.path}:${lines.position(tag.start).line})`, reason };
      for (const f of files) {
        const target = resolveSetFile(d.path, f, has);
        if (target === undefined) continue;
        const known = out.get(target)?.version;
        if (known === undefined || compareVersions(version, known) < 0) out.set(target, resolved);
      }
    }
  }
  return out;
}

/**
 * The releases that run a `--set-file config.*` file (normalised path -> release ids): a fluent/fluent-bit helm
 * command line with `-f` files is a release (discover/shell-helm.ts scriptReleases, id `<path>#helm@<offset>`), so
 * the file runs on the image that release's merged values give (its workload's containers), not only on a
 * `--set image.tag` of the same line.
 */
export function scriptSetFileReleases(discoveries: readonly Discovery[]): ReadonlyMap<string, readonly string[]> {
  const out = new Map<string, string[]>();
  let paths: Set<string> | undefined;
  for (const d of discoveries) {
    for (const { cmd, files } of scriptCommands(d.path, d.text)) {
      if (cmd.valuesFiles.length === 0 || cmd.subcommand === 'template') continue;
      paths ??= new Set(discoveries.map((x) => normalizePath(x.path)));
      const has = (p: string): boolean => (paths as Set<string>).has(p);
      for (const f of files) {
        const target = resolveSetFile(d.path, f, has);
        if (target !== undefined) out.set(target, [...(out.get(target) ?? []), `${d.path}#helm@${cmd.start}`]);
      }
    }
  }
  return out;
}
