import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { compileGlob, GlobError, isGlob, type GlobPattern, type GlobState } from './glob.js';
import { isKustomizationPath } from './batches.js';
import { isDockerfilePath } from '../source/dockerfile-name.js';
import { isJenkinsfilePath } from '../source/jenkinsfile-name.js';
import { matchWildcard } from '../source/wildcard.js';
import { toInputError, type InputError } from './input-error.js';
import { errorCode, type CliIo, type FileKind } from './io.js';

export { GlobError } from './glob.js';
export { describeErrorCode, toInputError, type InputError } from './input-error.js';

/** Extensions taken from a directory walk (explicitly named files are always taken). */
// Terraform, HCL, Jsonnet, CUE, shell scripts and Makefiles hold configs and manifests flb-migrate does not parse
// (shell and make: `helm install --set config.inputs=...`): walked for the safety net's warnings.
export const MANIFEST_EXTENSIONS: readonly string[] = ['.yaml', '.yml', '.json', '.conf', '.tpl', '.gotmpl', '.tmpl', '.j2', '.jinja', '.jinja2', '.erb', '.epp', '.sls', '.tf', '.tfvars', '.hcl', '.jsonnet', '.libsonnet', '.cue', '.sh', '.bash', '.mk',
  // Groovy a Jenkinsfile `load`s or calls as a shared library's vars/ step (read for its helm lines only: migrate/read-batch.ts).
  '.groovy'];
/** File names taken from a directory walk whatever their extension (lower case). */
export const MANIFEST_NAMES: readonly string[] = ['makefile', 'gnumakefile'];
/** Directory names a walk never enters. */
export const SKIPPED_DIRECTORIES: readonly string[] = ['node_modules', '.git'];
/** The ignore file read in walked directories (gitignore syntax). */
export const IGNORE_FILE = '.flbmigrateignore';

export type Input =
  | {
      readonly kind: 'file';
      readonly path: string;
      /** Why `--write` must not write it: found through a symlink that leads out of the walked tree. */
      readonly writeRefusal?: string;
    }
  | { readonly kind: 'stdin' };

export interface CollectedInputs {
  readonly inputs: readonly Input[];
  readonly errors: readonly InputError[];
}

export interface CollectOptions {
  /** `--exclude` globs (see compileExcludes). */
  readonly exclude?: readonly string[];
  /** The local files a kustomization text's generators read (discover/kustomization.ts `kustomizationGeneratorFiles`). */
  readonly generatorFiles?: (text: string) => readonly string[];
  /** Reads a kustomization for its generators (io.readFile when not given): the CLI keeps the bytes for the file's batch (read-ahead.ts). */
  readonly readFile?: (file: string) => Promise<Uint8Array>;
  /** The files a plain config text names that Fluent Bit reads with it (includes/file-links.ts `configFileRefs`). */
  readonly configFileRefs?: (file: string, text: string) => readonly { readonly path: string; readonly yaml?: boolean }[];
}

/**
 * Expands path arguments (files, directories, globs, `-`) into the list of
 * files to migrate, in argument order, each file once. Only paths are kept,
 * never contents, so a 10,000-file tree costs 10,000 strings here.
 *
 * - A directory is walked recursively in name order, skipping
 *   `SKIPPED_DIRECTORIES`, taking files with `MANIFEST_EXTENSIONS` or
 *   `MANIFEST_NAMES`, and Dockerfiles (`Dockerfile`, `Containerfile`,
 *   `Dockerfile.x`, `x.dockerfile`: a team's image may copy its config in),
 *   and Jenkinsfiles (`Jenkinsfile`, `Jenkinsfile.x`, `x.jenkinsfile`: their
 *   `sh`/`bat`/`powershell` steps may run `helm upgrade` of a Fluent Bit chart).
 * - An argument that exists is a path even if it contains glob syntax;
 *   otherwise such an argument is a glob (picomatch syntax, see glob.ts). A
 *   directory it matches is walked like a directory argument; a file it
 *   matches is taken when it has a walk extension or the glob names its
 *   extension (`'*.txt'`). A glob that matches nothing is an error (a typo
 *   should not pass silently in CI), and so is one whose every match is
 *   excluded.
 * - `--exclude` globs and `.flbmigrateignore` files prune what walks and
 *   globs find; a file named explicitly is always taken.
 * - Symlinks are followed, and every directory is entered once per argument,
 *   by real path: a link to a directory already walked (or to an ancestor:
 *   a cycle) is skipped. Links are visited after the real entries of the
 *   walk, so a file is reported under its real path when both are walked;
 *   a file reached twice (a link and its target) is one input. A file whose
 *   real path is outside the walk's root is read but carries a
 *   `writeRefusal`: `--write` never writes outside the tree it was given.
 */
export async function collectInputs(io: CliIo, args: readonly string[], options: CollectOptions = {}): Promise<CollectedInputs> {
  const errors: InputError[] = [];
  const inputs = new InputList();
  const excludes = compileExcludes(io.cwd, options.exclude ?? []);
  const ignoreFiles = new IgnoreFiles(io, errors);
  const { generatorFiles, configFileRefs } = options;
  const readFile = options.readFile ?? ((file: string) => io.readFile(file));

  for (const arg of args) {
    if (arg === '-') {
      inputs.addStdin();
      continue;
    }
    let kind;
    try {
      kind = (await io.stat(arg)).kind;
    } catch (error) {
      const code = errorCode(error) ?? 'EIO';
      if (code === 'ENOENT' && isGlob(arg)) {
        await walkGlob(io, arg, { inputs, errors, excludes, ignoreFiles, generatorFiles, configFileRefs, readFile });
        continue;
      }
      errors.push(toInputError(arg, error));
      continue;
    }
    if (kind === 'directory') {
      const walk = new Walk(io, { inputs, errors, excludes, ignoreFiles, generatorFiles, configFileRefs, readFile });
      await walk.run(arg, undefined);
    } else {
      await inputs.addFile(io, arg, undefined, await isLink(io, arg));
    }
  }
  return { inputs: inputs.list(), errors };
}

interface WalkContext {
  readonly inputs: InputList;
  readonly errors: InputError[];
  readonly generatorFiles?: (text: string) => readonly string[];
  readonly configFileRefs?: CollectOptions['configFileRefs'];
  readonly readFile: (file: string) => Promise<Uint8Array>;
  readonly excludes: Excludes;
  readonly ignoreFiles: IgnoreFiles;
}

async function walkGlob(io: CliIo, pattern: string, context: WalkContext): Promise<void> {
  let glob: GlobPattern;
  try {
    glob = compileGlob(pattern);
  } catch (error) {
    if (!(error instanceof GlobError)) throw error;
    context.errors.push({ path: pattern, code: 'BAD_GLOB', message: error.message });
    return;
  }
  const walk = new Walk(io, context, glob);
  let isDirectory = false;
  try {
    isDirectory = (await io.stat(glob.base)).kind === 'directory';
  } catch {
    // a missing base simply matches nothing
  }
  if (isDirectory) await walk.run(glob.base, glob.start());
  if (walk.found > 0) return;
  const extensions = [...MANIFEST_EXTENSIONS, 'Makefile', 'Dockerfile', 'Jenkinsfile'].join(', ');
  const message =
    walk.excluded > 0
      ? `every file this pattern matches is excluded (--exclude or ${IGNORE_FILE})`
      : walk.matched > 0
        ? `the directories this pattern matches hold no file with a walk extension (${extensions})`
        : walk.otherExtension > 0
          ? `no files match this pattern with a walk extension (${extensions}); to take others, end the pattern with their extension ('*.txt')`
          : 'no files match this pattern';
  context.errors.push({ path: pattern, code: 'NO_MATCH', message });
}

/**
 * One walk from a directory argument or a glob's base. Depth-first in name
 * order; symlinked entries wait until the real ones are done.
 */
class Walk {
  /** Real paths of the directories entered by this walk. */
  private readonly entered = new Set<string>();
  /** The real path of the walk's root: files found through links outside it are read, never written. */
  private rootReal: string | undefined;
  private readonly links: { readonly full: string; readonly state: GlobState | undefined; readonly rules: readonly IgnoreRules[] }[] = [];
  /** Kustomization files taken, with the ignore rules of their directory: their generators' files are taken after the walk. */
  private readonly kustomizations: { readonly full: string; readonly rules: readonly IgnoreRules[] }[] = [];
  /** Plain configs taken (`.conf`), with the ignore rules of their directory: the files they name are taken after the walk. */
  private readonly configs: { readonly full: string; readonly rules: readonly IgnoreRules[] }[] = [];
  /**
   * YAML-named files taken (`fluent-bit.yaml`: a Fluent Bit YAML config names its lua `script:`, `includes:` and
   * `parsers_file` files too), read for those names only when the walk met a file it could take that way
   * (`withoutExtension`): a tree of manifests alone is not read twice.
   */
  private readonly yamlFiles: { readonly full: string; readonly rules: readonly IgnoreRules[] }[] = [];
  /** Files the walk passed over for their extension: what a config's reference could take. */
  private withoutExtension = 0;
  /** Entries a glob matched; files taken; entries an exclude or ignore rule dropped; files matched without a walk extension. */
  matched = 0;
  found = 0;
  excluded = 0;
  otherExtension = 0;

  constructor(
    private readonly io: CliIo,
    private readonly context: WalkContext,
    private readonly glob?: GlobPattern,
  ) {}

  /** `state`: where the glob is at `root` (undefined: walk everything with a walk extension). */
  async run(root: string, state: GlobState | undefined): Promise<void> {
    try {
      this.rootReal = await this.io.realpath(root);
    } catch {
      this.rootReal = undefined;
    }
    const rules = await this.context.ignoreFiles.above(root);
    if (state !== undefined && state.isMatch) {
      // The glob matches its own base (`dir/**`): walk all of it.
      this.matched++;
      await this.directory(root, undefined, rules);
    } else {
      await this.directory(root, state, rules);
    }
    // Links found on the way, in the order found; walking one may find more.
    for (let i = 0; i < this.links.length; i++) {
      const link = this.links[i]!;
      let kind: FileKind;
      try {
        kind = (await this.io.stat(link.full)).kind;
      } catch {
        continue; // dangling link, or a loop of links (ELOOP)
      }
      await this.entry(link.full, kind, link.state, link.rules, undefined);
    }
    await this.generatorInputs();
    await this.referencedInputs();
  }

  /**
   * The files the walked plain configs name that Fluent Bit reads with them (`@INCLUDE inputs.inc`, `Parsers_File
   * parsers.txt`, a lua filter's `script strip.lua`, and what those include in turn) that have no walk extension:
   * passing them over left an input's `Parser docker` unread ("0 files changed") and a script unjudged. Only in a
   * directory walk, only files inside the walked tree (an absolute path is the container's, not this machine's);
   * excludes and the config's ignore rules still apply. Classic references resolve against the top-level config's
   * directory, YAML ones against the including file (fluent-bit-config-format.md A.9); `*` in a reference's file
   * name matches the directory's files.
   */
  private async referencedInputs(): Promise<void> {
    const { configFileRefs } = this.context;
    if (configFileRefs === undefined || this.glob !== undefined || this.rootReal === undefined) return;
    const inside = this.rootReal.endsWith(path.sep) ? this.rootReal : this.rootReal + path.sep;
    const taken = new Set<string>();
    const named = this.withoutExtension > 0 ? [...this.configs, ...this.yamlFiles] : this.configs;
    const queue = named.map((c) => ({ ...c, top: path.dirname(c.full) }));
    const scanned = new Set(queue.map((c) => `${c.top}\0${c.full}`));
    const walked = new Set(named.map((c) => c.full));
    for (let i = 0; i < queue.length; i++) {
      const { full: file, rules, top } = queue[i]!;
      let text: string;
      try {
        text = new TextDecoder().decode(await this.context.readFile(file));
      } catch {
        continue; // the file's own read reports it
      }
      for (const ref of configFileRefs(file, text)) {
        if (ref.path === '' || path.isAbsolute(ref.path) || /^[a-z]:[\\/]/i.test(ref.path)) continue;
        // The library reports a missing include (INCLUDE_NOT_FOUND).
        for (const full of await this.matching(path.join(ref.yaml === true ? path.dirname(file) : top, ref.path))) {
          // A walked YAML file another includes (`includes: [pipeline.yaml]`): its `script:` is the top config's
          // (filter_lua reads it against the `-c` file's directory), so it is scanned again under that top.
          if (ref.yaml === true && hasManifestExtension(full)) {
            if (!walked.has(full) || scanned.has(`${top}\0${full}`)) continue;
            scanned.add(`${top}\0${full}`);
            queue.push({ full, rules, top });
            continue;
          }
          if (taken.has(full) || !(await this.takeNamed(full, rules, inside))) continue;
          taken.add(full);
          queue.push({ full, rules, top });
        }
      }
    }
  }

  /**
   * Takes a file another walked file names (a kustomize generator's, a config's include or script) when it has no walk
   * extension (else the walk took it, or chose not to), no exclude or ignore rule drops it, it is a file, and (with
   * `inside`, a real directory path ending in a separator) its real path lies under `inside`. Whether it was taken.
   */
  private async takeNamed(full: string, rules: readonly IgnoreRules[], inside?: string): Promise<boolean> {
    if (hasManifestExtension(full) || this.context.excludes.excludes(this.io.cwd, full, false) || isIgnored(rules, full, false)) return false;
    try {
      if ((await this.io.stat(full)).kind !== 'file') return false;
      if (inside !== undefined && !(await this.io.realpath(full)).startsWith(inside)) return false;
    } catch {
      return false;
    }
    this.found++;
    await this.context.inputs.addFile(this.io, full, undefined, await isLink(this.io, full), this.rootReal);
    return true;
  }

  /** `file`, or the files its name's `*` matches in its directory (name order). */
  private async matching(file: string): Promise<string[]> {
    const name = path.basename(file);
    if (!name.includes('*')) return [file];
    const dir = path.dirname(file);
    try {
      const entries = [...(await this.io.readDir(dir))].filter((e) => e.kind !== 'directory' && matchWildcard(name, e.name));
      return entries.map((e) => e.name).sort().map((n) => path.join(dir, n));
    } catch {
      return [];
    }
  }

  /**
   * The files the walked kustomizations' generators read (`files`, `envs`) that have no walk extension
   * (`fluent-bit.cfg`, `fb.env`): they hold a config or its settings, and passing them over said nothing. Only in a
   * directory walk (a glob chose its files); excludes and the kustomization's ignore rules still apply.
   */
  private async generatorInputs(): Promise<void> {
    const { generatorFiles } = this.context;
    if (generatorFiles === undefined || this.glob !== undefined) return;
    for (const k of this.kustomizations) {
      let text: string;
      try {
        text = new TextDecoder().decode(await this.context.readFile(k.full));
      } catch {
        continue; // the file's own read reports it
      }
      // kustomize reports a missing file
      for (const ref of generatorFiles(text)) await this.takeNamed(path.join(path.dirname(k.full), ref), k.rules);
    }
  }

  private async directory(dir: string, state: GlobState | undefined, parentRules: readonly IgnoreRules[]): Promise<void> {
    let real: string;
    try {
      real = await this.io.realpath(dir);
    } catch (error) {
      this.context.errors.push(toInputError(dir, error));
      return;
    }
    if (this.entered.has(real)) return; // walked already (a link to it, or a cycle)
    this.entered.add(real);
    let entries;
    try {
      entries = [...(await this.io.readDir(dir))].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch (error) {
      this.context.errors.push(toInputError(dir, error));
      return;
    }
    let rules = parentRules;
    if (entries.some((e) => e.name === IGNORE_FILE && e.kind !== 'directory')) {
      rules = [...parentRules, ...(await this.context.ignoreFiles.read(dir))];
    }
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.kind === 'symlink') this.links.push({ full, state, rules });
      else await this.entry(full, e.kind, state, rules, real);
    }
  }

  /** `realDir`: the real path of the directory holding a real entry; undefined for a link. */
  private async entry(full: string, kind: FileKind, state: GlobState | undefined, rules: readonly IgnoreRules[], realDir: string | undefined): Promise<void> {
    const name = path.basename(full);
    const isDirectory = kind === 'directory';
    if (kind !== 'file' && !isDirectory) return;
    if (isDirectory && SKIPPED_DIRECTORIES.includes(name)) return;
    let next = state;
    if (state !== undefined) {
      next = state.step(name);
      if (next.isDead) return;
    }
    const isMatch = next !== undefined && next.isMatch;
    const isWanted = isDirectory ? next === undefined || isMatch : next === undefined ? hasManifestExtension(name) : isMatch && this.takesFile(name);
    if (isMatch && isWanted) this.matched++;
    if (isMatch && !isDirectory && !isWanted) this.otherExtension++;
    if (!isDirectory && !isWanted) this.withoutExtension++;
    if (this.context.excludes.excludes(this.io.cwd, full, isDirectory) || isIgnored(rules, full, isDirectory)) {
      if (isWanted) this.excluded++;
      return;
    }
    if (isDirectory) {
      // A directory the glob matches is walked whole, like a directory argument.
      await this.directory(full, isMatch ? undefined : next, rules);
      return;
    }
    if (isWanted) {
      this.found++;
      if (this.context.generatorFiles !== undefined && isKustomizationPath(full)) this.kustomizations.push({ full, rules });
      if (this.context.configFileRefs !== undefined && /\.conf$/i.test(full)) this.configs.push({ full, rules });
      else if (this.context.configFileRefs !== undefined && /\.ya?ml$/i.test(full)) this.yamlFiles.push({ full, rules });
      await this.context.inputs.addFile(this.io, full, realDir, realDir === undefined, this.rootReal);
    }
  }

  /** A file the glob matched is taken when it has a walk extension, or the glob names its extension. */
  private takesFile(name: string): boolean {
    return this.glob === undefined || this.glob.namesExtension || hasManifestExtension(name);
  }
}

function hasManifestExtension(name: string): boolean {
  return MANIFEST_EXTENSIONS.includes(path.extname(name).toLowerCase()) || MANIFEST_NAMES.includes(path.basename(name).toLowerCase()) || isDockerfilePath(name) || isJenkinsfilePath(name);
}

async function isLink(io: CliIo, file: string): Promise<boolean> {
  try {
    return (await io.lstat(file)).kind === 'symlink';
  } catch {
    return false;
  }
}

/**
 * The files found so far, each once by real path. When a file was first
 * found through a symlink and later under its real path, the real path
 * replaces it (a write goes to the file, not through the link).
 */
class InputList {
  private readonly items: Input[] = [];
  private readonly byKey = new Map<string, { index: number; isViaLink: boolean }>();

  addStdin(): void {
    this.items.push({ kind: 'stdin' });
  }

  /**
   * `realDir`: the real path of the file's directory when it was listed as a
   * regular entry (saves a realpath call). `rootReal`: the real path of the
   * walk that found it; a file whose real path is outside it was reached
   * through a symlink out of the tree, and `--write` refuses it.
   */
  async addFile(io: CliIo, file: string, realDir: string | undefined, isViaLink: boolean, rootReal?: string): Promise<void> {
    let key: string;
    try {
      key = realDir === undefined ? await io.realpath(file) : path.join(realDir, path.basename(file));
    } catch {
      key = path.resolve(io.cwd, file);
    }
    const isOutside = rootReal !== undefined && key !== rootReal && !key.startsWith(rootReal.endsWith(path.sep) ? rootReal : rootReal + path.sep);
    const input: Input = isOutside
      ? { kind: 'file', path: file, writeRefusal: `not written: reached through a symbolic link that leads out of the walked tree (to ${key}); run flb-migrate on the target to write it` }
      : { kind: 'file', path: file };
    const seen = this.byKey.get(key);
    if (seen === undefined) {
      this.byKey.set(key, { index: this.items.length, isViaLink });
      this.items.push(input);
    } else if (seen.isViaLink && !isViaLink) {
      this.items[seen.index] = input;
      seen.isViaLink = false;
    }
  }

  list(): readonly Input[] {
    return this.items;
  }
}

/** The rules of one `.flbmigrateignore`, for paths below `dir`. */
interface IgnoreRules {
  readonly dir: string;
  readonly rules: Ignore;
}

/**
 * gitignore semantics, file by file (the `ignore` package, as ESLint and
 * Prettier use it): the deepest file with an opinion wins, so a nested
 * `!keep.yaml` re-includes what a parent file ignored (unless a parent
 * directory of it is ignored: then the walk never gets there, as in git).
 */
function isIgnored(stack: readonly IgnoreRules[], full: string, isDirectory: boolean): boolean {
  for (let i = stack.length - 1; i >= 0; i--) {
    const { dir, rules } = stack[i]!;
    const rel = path.relative(dir, full).split(path.sep).join('/');
    if (rel === '' || rel.startsWith('../')) continue;
    const result = rules.test(isDirectory ? `${rel}/` : rel);
    if (result.ignored) return true;
    if (result.unignored) return false;
  }
  return false;
}

/** Reads `.flbmigrateignore` files, each once. */
class IgnoreFiles {
  private readonly cache = new Map<string, IgnoreRules[]>();

  constructor(
    private readonly io: CliIo,
    private readonly errors: InputError[],
  ) {}

  /** The rules of `dir/.flbmigrateignore` ([] when there is none). */
  async read(dir: string): Promise<IgnoreRules[]> {
    const key = path.resolve(this.io.cwd, dir);
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const file = path.join(dir, IGNORE_FILE);
    let rules: IgnoreRules[] = [];
    try {
      const text = new TextDecoder().decode(await this.io.readFile(file));
      rules = [{ dir, rules: ignore({ ignorecase: false }).add(text) }];
    } catch (error) {
      const code = errorCode(error);
      if (code !== 'ENOENT' && code !== 'ENOTDIR' && code !== 'EISDIR') this.errors.push(toInputError(file, error));
    }
    this.cache.set(key, rules);
    return rules;
  }

  /**
   * The ignore files that apply to a walk root from above it: those of the
   * current directory and each directory between it and `root` (a repo's
   * top-level file applies to `flb-migrate deploy/`, as a .gitignore does).
   * None for a root outside the current directory. The root's own file is
   * read when the walk enters it.
   */
  async above(root: string): Promise<IgnoreRules[]> {
    const cwd = path.resolve(this.io.cwd);
    const target = path.resolve(cwd, root);
    const rel = path.relative(cwd, target);
    if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return [];
    const stack: IgnoreRules[] = [];
    let dir = cwd;
    for (const part of ['', ...rel.split(path.sep).slice(0, -1)]) {
      dir = part === '' ? dir : path.join(dir, part);
      const relativeDir = path.relative(cwd, dir) || '.';
      stack.push(...(await this.read(path.isAbsolute(root) ? dir : relativeDir)));
    }
    return stack;
  }
}

/** The `--exclude` globs, compiled once. */
interface Excludes {
  excludes(cwd: string, file: string, isDirectory: boolean): boolean;
}

/**
 * `--exclude GLOB` (picomatch syntax, dotfiles included):
 * - without a `/` (`charts`, `*.tpl`): matches the name of any file or
 *   directory at any depth; a directory is skipped with all it holds;
 * - with a `/` (`deploy/legacy`, `clusters/*\/old/**`): matches the path
 *   from the current directory (or an absolute path);
 * - a trailing `/` matches directories only.
 * A glob that cannot be used throws a GlobError (a usage error).
 */
export function compileExcludes(cwd: string, patterns: readonly string[]): Excludes {
  const compiled = patterns.map((raw) => {
    const isDirOnly = raw.endsWith('/');
    let end = raw.length;
    while (end > 1 && raw[end - 1] === '/') end--;
    const pattern = raw.slice(0, end);
    const isAnchored = pattern.includes('/');
    const absolute = isAnchored ? path.posix.resolve(cwd.split(path.sep).join('/'), pattern) : pattern;
    return { isDirOnly, isAnchored, glob: compileGlob(absolute, { dot: true, splitBase: false, label: raw }) };
  });
  return {
    excludes(cwdNow: string, file: string, isDirectory: boolean): boolean {
      if (compiled.length === 0) return false;
      const absolute = path.resolve(cwdNow, file).split(path.sep).join('/');
      const name = path.basename(absolute);
      return compiled.some(({ isDirOnly, isAnchored, glob }) => {
        if (isDirOnly && !isDirectory) return false;
        let state = glob.start();
        for (const segment of isAnchored ? absolute.split('/') : [name]) {
          if (segment === '') continue;
          state = state.step(segment);
          if (state.isDead) return false;
        }
        return state.isMatch;
      });
    },
  };
}
