import type { Discovery } from '../discover/discovery-types.js';
import { CHART_DEFAULT_REPOSITORY } from '../discover/helm-values.js';
import { isFluentBitImage, isVendorTaggedImage, parseImageRef } from '../discover/image-ref.js';
import { ciRootOf, isFluentChart, jenkinsGroovyFiles, jenkinsUnreadGroovy, mayRunHelm, scriptHelmCommands, scriptReleaseId, scriptReleases, type HelmCommandLine, type HelmSetPair } from '../discover/shell-helm.js';
import { batchPipelines, type GitlabPipeline } from '../discover/ci-shells.js';
import { isJenkinsfilePath } from '../source/jenkinsfile-name.js';
import { LineIndex } from '../source/line-index.js';
import { foreignLanguage } from '../source/sniff-format.js';
import { fluentBitChartDefault } from './chart-app-version.js';
import { compareVersions, formatVersion, imageVersion } from './image-version.js';
import { dirname, joinPath, joinedUpward, normalizePath } from './paths.js';
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
  return joinedUpward(dirname(normalizePath(script)), file).find(has);
}

/**
 * The fluent/fluent-bit helm commands of a script with the `--set-file config.*` files they hand the chart. A Jenkins
 * step's files are joined to the directory it runs in (its `dir` block, its `cd`), and `upward`: the workspace root is
 * the Jenkinsfile's directory or one above it (shell-helm.ts scriptReleases' `-f` rule), so several candidates the batch
 * holds are ambiguous and none is read.
 */
function scriptCommands(path: string, text: string, pipeline?: GitlabPipeline): { readonly cmd: HelmCommandLine; readonly files: readonly string[]; readonly sets: readonly HelmSetPair[]; readonly upward?: true; readonly exact?: true; readonly others?: readonly (readonly string[])[] }[] {
  if ((!mayRunHelm(path) && pipeline === undefined) || !text.includes('helm') || !text.includes('--set-file')) return [];
  // A Jenkinsfile's text is Groovy: the command lines of its step scripts, in file offsets (shell-helm.ts).
  const jenkins = isJenkinsfilePath(path) && ciRootOf(path) === undefined;
  const below = jenkins && !['', '.'].includes(dirname(normalizePath(path)));
  // A CI pipeline's directories are relative to the repository root, a script's to its own directory.
  const base = pipeline?.root ?? ciRootOf(path) ?? dirname(normalizePath(path));
  // A shell script below the batch's root may be run from a directory above it: a `cd` not anchored to its own directory then goes elsewhere.
  const started = foreignLanguage(path) === 'shell' && !jenkins && ciRootOf(path) === undefined && !['', '.'].includes(base);
  return scriptHelmCommands(path, text, pipeline).flatMap(({ cmd, cwd, anchored }) => {
    if (!isFluentChart(cmd.chart, cmd.repo)) return [];
    // A relative path read in a directory not known (a `cd $DIR`) is not read (shell-helm.ts scriptReleases says it).
    const sets = cmd.sets.filter((s) => s.flag === 'set-file' && s.key.startsWith('config.') && (s.literal === true || !/[$`]/.test(s.value)) && (cwd !== undefined || s.value.startsWith('/')));
    // After a script's or a CI step's `cd`, the path is exact (as its `-f` paths); without one, the script's nearest (resolveSetFile).
    const exact = !jenkins && cwd !== undefined && cwd !== '';
    const files = sets.map((s) => (cwd === undefined || cwd === '' || s.value.startsWith('/') ? s.value : exact ? joinPath(base, `${cwd}/${s.value}`) : normalizePath(`${cwd}/${s.value}`)));
    // The other candidates of a relative path after an unanchored `cd`: the script started in a directory above its own (setFileOthers).
    const others = exact && started && anchored !== true ? sets.map((s, k) => (s.value.startsWith('/') ? [] : joinedUpward(dirname(base), normalizePath(`${cwd}/${s.value}`)).filter((p) => p !== files[k] && !p.startsWith('../') && !p.startsWith('/')))) : undefined;
    return files.length === 0 ? [] : [{ cmd, files, sets, ...(below ? { upward: true as const } : {}), ...(exact ? { exact: true as const } : {}), ...(others?.some((o) => o.length > 0) === true ? { others } : {}) }];
  });
}

/**
 * What is said of a Jenkinsfile's `--set-file config.*` paths that several of the batch's files may be (below the
 * repository root: beside it and in a directory above): none is read (setFileTarget), so it is said at the word.
 */
export function setFileAmbiguities(path: string, text: string, has: (path: string) => boolean): { readonly start: number; readonly end: number; readonly message: string }[] {
  if (!isJenkinsfilePath(path)) return foreignLanguage(path) === 'shell' ? setFileOthers(path, text, has) : [];
  return scriptCommands(path, text).flatMap(({ cmd, files, sets, upward }) => (upward !== true ? [] : files.flatMap((f, k) => {
    const s = sets[k] as HelmSetPair;
    if (f.startsWith('/') || f.startsWith('../')) return [];
    const found = joinedUpward(dirname(normalizePath(path)), f).filter(has);
    if (found.length < 2) return [];
    const label = `helm ${cmd.subcommand}${cmd.name !== undefined ? ` ${cmd.name}` : ''}`;
    return [{ start: s.start, end: s.end, message: `${label}: its \`--set-file ${s.key}=${s.value}\` is read in the Jenkins workspace (the repository root, this file's directory or one above it), so it is any of ${found.length} input files (${found.join(', ')}), which flb-migrate does not follow: none is judged as run by this release; run flb-migrate on the repository that holds it, or check it by hand` }];
  })));
}

/**
 * What is said of a shell script's `--set-file config.*` path after a `cd` not anchored to the script's own directory
 * (`cd deploy`, not `cd "$(dirname "$0")/deploy"`): flb-migrate reads it from the script's directory (as the script's
 * `-f` paths), but a script below the root may be started from a directory above it. When the batch does not hold the
 * path read there but holds it under a directory above, that other candidate is said at the word.
 */
function setFileOthers(path: string, text: string, has: (path: string) => boolean): { readonly start: number; readonly end: number; readonly message: string }[] {
  return scriptCommands(path, text).flatMap(({ cmd, files, sets, others }) => (others === undefined ? [] : files.flatMap((f, k) => {
    const s = sets[k] as HelmSetPair;
    const found = (others[k] ?? []).filter(has);
    if (has(f) || found.length === 0) return [];
    const label = `helm ${cmd.subcommand}${cmd.name !== undefined ? ` ${cmd.name}` : ''}`;
    return [{ start: s.start, end: s.end, message: `${label}: its \`--set-file ${s.key}=${s.value}\` after \`cd\` depends on the directory the script is started in: flb-migrate takes the script's own (${f}, not in the input), but the input holds ${found.join(', ')} (started from a directory above), which flb-migrate does not follow: ${found.length === 1 ? 'that file is' : 'those files are'} judged on ${found.length === 1 ? 'its' : 'their'} own (not on this release's image); check which one the release reads, or \`cd "$(dirname "$0")/..."\` to say it` }];
  })));
}

/** Where a command's `--set-file` path is in the batch: the path itself after a followed `cd` (`exact`); a script's nearest (resolveSetFile); a Jenkinsfile's below the root only when exactly one candidate is there. */
function setFileTarget(script: string, file: string, upward: boolean, has: (path: string) => boolean, exact?: true): string | undefined {
  if (exact === true) return has(file) ? file : undefined;
  if (!upward || file.startsWith('/') || file.startsWith('../')) return resolveSetFile(script, file, has);
  const found = joinedUpward(dirname(normalizePath(script)), file).filter(has);
  return found.length === 1 ? found[0] : undefined;
}

/**
 * For the CLI's batching: the input files a script's helm commands hand a
 * Fluent Bit chart, with the script itself, so that they are migrated
 * together wherever they sit (empty when none): the fluent/fluent-bit chart's
 * `--set-file config.*` files, and the `-f`/`--values` files of a release
 * (discover/shell-helm.ts scriptReleases; migrate/read-batch.ts links them).
 */
export function scriptSetFileLinksIn(file: string, text: string, inputs: readonly string[], pipeline?: GitlabPipeline): string[] {
  // A Groovy file a Jenkinsfile may run (`load`, a shared library's vars/): read as Jenkins steps from a workspace this file does not
  // tell, some directory above it (the Jenkinsfile's: migrate/read-batch.ts), so each values file it may name is linked.
  const groovy = pipeline === undefined && file.endsWith('.groovy') && !mayRunHelm(file) && text.includes('helm') ? scriptReleases(file, text, { workspace: dirname(normalizePath(file)) }).releases : undefined;
  // With the Groovy files it may run but does not read (said at its `load` or step call: read-batch.ts), so the batch that says them holds them.
  const ran = isJenkinsfilePath(file) ? [...jenkinsGroovyFiles(file, text, () => inputs.map(normalizePath)), ...jenkinsUnreadGroovy(file, text, () => inputs.map(normalizePath).filter((p) => p.endsWith('.groovy'))).flatMap((u) => u.files)] : [];
  const commands = groovy === undefined ? scriptCommands(file, text, pipeline) : [];
  const releases = groovy ?? scriptReleases(file, text, { pipeline }).releases;
  if (commands.length === 0 && releases.length === 0 && ran.length === 0) return [];
  const byPath = new Map(inputs.map((i) => [normalizePath(i), i]));
  // Every candidate of a Jenkinsfile's below the root is linked, so the batch that judges it sees them all.
  // A script's other candidates (setFileOthers) are linked when the one read is not there, so the batch that says them holds them.
  const linked = commands.flatMap(({ files, upward, exact, others }) => files.flatMap((f, k) => {
    const at = upward ? joinedUpward(dirname(normalizePath(file)), f).filter((p) => byPath.has(p)) : [setFileTarget(file, f, false, (p) => byPath.has(p), exact)].flatMap((p) => p ?? []);
    if (at.length === 0 && others !== undefined) return (others[k] ?? []).filter((p) => byPath.has(p)).map((p) => byPath.get(p) as string);
    return at.map((p) => byPath.get(p) as string);
  }));
  // A repository-relative path (`anywhere`: an in-cluster pipeline step's) is linked by migrate/values-file-links.ts valuesFileLinksIn;
  // one that may be relative to any directory above (`upward`: a Jenkinsfile's below the root) links each input it may be.
  // The Groovy files a Jenkinsfile runs, so that they and their values files join its batch.
  for (const p of ran) {
    const at = byPath.get(p);
    if (at !== undefined) linked.push(at);
  }
  for (const r of releases) for (const ref of r.valuesFileRefs) {
    if (ref.anywhere) continue;
    for (const p of ref.upward || groovy !== undefined ? joinedUpward(ref.base, ref.path) : [joinPath(ref.base, ref.path)]) {
      const at = byPath.get(p);
      if (at !== undefined) linked.push(at);
    }
  }
  return linked.length === 0 ? [] : [file, ...new Set(linked)];
}

/**
 * For the CLI's batching: a `.gitlab-ci.yml` and the files it includes (`pipeline`: the files read so far, the
 * `.gitlab-ci.yml` first), one batch, with the values and `--set-file` files of their jobs' helm lines (each file read
 * as its pipeline's: ci-shells.ts gitlabPipelines). Empty when it includes no input.
 */
export function gitlabPipelineLinksIn(pipeline: readonly { readonly path: string; readonly text: string }[], inputs: readonly string[]): string[] {
  const pipelines = batchPipelines(pipeline);
  if (pipelines.size === 0) return [];
  return [...new Set(pipeline.flatMap((f) => [f.path, ...scriptSetFileLinksIn(f.path, f.text, inputs, pipelines.get(normalizePath(f.path)))]))];
}

/** The version a `--set image.tag` of a helm command gives (`at`: its line). */
function tagVersion(repository: string, tag: { readonly value: string }, at: string, path: string): ResolvedVersion | undefined {
  const ref = parseImageRef(`${repository}:${tag.value}`);
  const { version } = imageVersion(ref);
  if (version === undefined) return undefined;
  return { version, origin: 'image', note: `${ref.image} (--set image.tag of the helm command at ${at})`, reason: `${ref.image} (--set image.tag of the helm command in ${path})` };
}

/** The version the chart's default image runs at the command's `--version` (deploy/chart-app-version.ts), when it tells one. */
function chartVersionDefault(cmd: HelmCommandLine, at: string, path: string): ResolvedVersion | undefined {
  const told = cmd.version === undefined || /[$`]/.test(cmd.version) ? undefined : fluentBitChartDefault(cmd.version);
  if (told?.kind !== 'known') return undefined;
  const app = formatVersion(told.version);
  const what = told.range
    ? `the fluent-bit chart's default image at --version '${String(cmd.version)}': its oldest chart, ${told.chart}, runs Fluent Bit ${app}`
    : `the fluent-bit chart ${told.chart}'s default image, Fluent Bit ${app}`;
  return { version: told.version, origin: 'image', note: `${what} (--version of the helm command at ${at})`, reason: `${what} (--version of the helm command in ${path})` };
}

/**
 * What the batch's helm commands say of the config files they hand the chart with `--set-file config.*` (normalised
 * paths), in one pass over the scripts:
 * - `versions`: the version a `--set image.tag` of the same line gives (the lowest when several commands run one file);
 * `together`: whether two paths are of one deployment (MigrateOptions.deployments; a path of another is no candidate).
 * - `releases`: the releases that run the file: a fluent/fluent-bit helm command line with `-f` files is a release
 *   (discover/shell-helm.ts scriptReleases, id scriptReleaseId), so the file runs on the image that release's merged
 *   values give (its workload's containers), not only on a `--set image.tag` of the same line.
 */
export function scriptSetFiles(discoveries: readonly Discovery[], together: (a: string, b: string) => boolean = () => true): { readonly versions: ReadonlyMap<string, ResolvedVersion>; readonly releases: ReadonlyMap<string, readonly string[]> } {
  const versions = new Map<string, ResolvedVersion>();
  const releases = new Map<string, string[]>();
  let paths: Set<string> | undefined;
  // A file a `.gitlab-ci.yml` of the batch includes is read as one of its pipeline's files (ci-shells.ts gitlabPipelines).
  const pipelines = batchPipelines(discoveries);
  for (const d of discoveries) {
    const commands = scriptCommands(d.path, d.text, pipelines.get(normalizePath(d.path)));
    if (commands.length === 0) continue;
    paths ??= new Set(discoveries.map((x) => normalizePath(x.path)));
    // Only the files of the script's own deployment (MigrateOptions.deployments) are candidates.
    const has = (p: string): boolean => (paths as Set<string>).has(p) && together(p, d.path);
    let lines: LineIndex | undefined;
    for (const { cmd, files, upward, exact } of commands) {
      const targets = files.flatMap((f) => setFileTarget(d.path, f, upward === true, has, exact) ?? []);
      if (targets.length === 0) continue;
      if (cmd.valuesFiles.length > 0 && cmd.subcommand !== 'template') {
        for (const target of targets) releases.set(target, [...(releases.get(target) ?? []), scriptReleaseId(d.path, cmd.start)]);
      }
      const last = (key: string) => cmd.sets.filter((s) => (s.flag === 'set' || s.flag === 'set-string' || s.flag === 'set-literal') && s.key === key).pop();
      const tag = last('image.tag');
      const repository = last('image.repository')?.value ?? CHART_DEFAULT_REPOSITORY;
      if (/[$`]/.test((tag?.value ?? '') + repository) || !isFluentBitImage(repository) || isVendorTaggedImage(repository)) continue;
      lines ??= new LineIndex(d.text);
      // Without a tag, the chart's default image: at --version, unless `-f` files (which may set the tag) are on the line (its release says).
      const resolved = tag === undefined ? (cmd.valuesFiles.length > 0 ? undefined : chartVersionDefault(cmd, `${d.path}:${lines.position(cmd.start).line}`, d.path)) : tagVersion(repository, tag, `${d.path}:${lines.position(tag.start).line}`, d.path);
      if (resolved?.version === undefined) continue;
      const { version } = resolved;
      for (const target of targets) {
        const known = versions.get(target)?.version;
        if (known === undefined || compareVersions(version, known) < 0) versions.set(target, resolved);
      }
    }
  }
  return { versions, releases };
}
