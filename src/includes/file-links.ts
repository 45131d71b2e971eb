import type { EmbeddedConfig } from '../discover/discovery-types.js';
import { cTrim } from '../source/c-text.js';
import { isYamlPath } from '../source/sniff-format.js';
import { identityMap } from '../yaml/offset-map.js';
import { createVfs, normalizeVfsPath } from './vfs.js';
import type { WalkRef } from './walk-includes.js';
import { yamlTextRefs } from './yaml-refs.js';

/*
 * Which plain files of a run Fluent Bit reads together through includes, for
 * the CLI's batching (cli/batches.ts): a config whose `@INCLUDE`,
 * `Parsers_File`, YAML `includes:` or `service.parsers_file` names a file of
 * another directory must reach the library in the same call as that file.
 * Cheap on purpose: a text scan per file (no classic parse; the YAML reader
 * only for a text with a top-level `includes:` or `service:` that names
 * `parsers_file:`), paths resolved by the library's own VFS (vfs.ts: relative
 * classic paths against the top-level file, A.9; YAML `includes:` against the
 * including file; `*` globs over a directory; absolute paths are outside).
 * It errs towards linking: a reference the library would not follow (a config
 * with errors, a classic text under `includes:`) still joins the two
 * directories, which only makes a batch larger.
 */

// Column 0, the keyword in any case, exactly one space, the path verbatim (A.9).
const INCLUDE = /^@include ([^\r\n]+)/gim;
// `Parsers_File value` (any case, any indent); the value trimmed as the classic reader trims it (cTrim).
const PARSERS_FILE = /^[ \t]*parsers_file[ \t]+([^\s][^\r\n]*)/gim;
// A Fluent Bit YAML config: a top-level `includes:`, or a top-level `service:` and a `parsers_file:` key under it.
const YAML_INCLUDES = /^["']?includes["']?[ \t]*:/im;
const YAML_SERVICE = /^["']?service["']?[ \t]*:/im;
const YAML_PARSERS_FILE = /^[ \t]+["']?parsers_file["']?[ \t]*:/im;
// A JSON text (flow style) has no line to anchor on: its keys are looked for anywhere.
const JSON_OPEN = /^\s*\{/;

/**
 * The include references of a plain file, as the library reads it: a file
 * with a YAML name (`isYamlPath`) is YAML, so only a Fluent Bit YAML config's
 * top-level `includes:` items (`yaml: true`) and `service.parsers_file` count
 * (a Kubernetes manifest or Helm values file names files of its own ConfigMap,
 * never of a directory, and is not parsed: its text has no top-level
 * `includes:` / `service:`); any other file is scanned for classic `@INCLUDE`
 * lines and `Parsers_File` values, and for the YAML keys too (a `.conf` file
 * may hold a YAML config). Values holding `${` are left out (Fluent Bit looks
 * for that very name: the library reports it). In text order. Never throws.
 */
export function plainFileRefs(path: string, text: string): WalkRef[] {
  const refs: WalkRef[] = [];
  if (!isYamlPath(path) && (text.includes('@') || /parsers_file/i.test(text))) {
    for (const m of text.matchAll(INCLUDE)) refs.push({ path: m[1] as string, start: m.index, end: m.index + m[0].length });
    for (const m of text.matchAll(PARSERS_FILE)) {
      const value = cTrim(m[1] as string);
      if (!value.includes('${')) refs.push({ path: value, start: m.index, end: m.index + m[0].length });
    }
  }
  if (YAML_INCLUDES.test(text) || (YAML_SERVICE.test(text) && YAML_PARSERS_FILE.test(text)) || JSON_OPEN.test(text)) {
    const { includes, parsersFiles } = yamlTextRefs(text);
    for (const r of includes) refs.push({ ...r, yaml: true });
    for (const r of parsersFiles) if (!r.path.includes('${')) refs.push(r);
  }
  return refs.sort((a, b) => a.start - b.start);
}

// A lua filter's `script` value (classic `script path`, YAML `script: path`): the first word, as a file name.
const LUA_SCRIPT = /^[ \t]*script[ \t]+([^\s"']\S*)/gim;
const YAML_PIPELINE = /^["']?pipeline["']?[ \t]*:/im;
const LUA_SCRIPT_YAML = /^[ \t]*(?:-[ \t]+)?["']?script["']?[ \t]*:[ \t]*["']?([^\s"'#]+)/gim;

/**
 * The files a plain config names that Fluent Bit reads with it: its include references (plainFileRefs) and its lua
 * filters' and `lua` processors' `script` files (a YAML-named file's when it is a Fluent Bit YAML config), in text order; `yaml`: a Fluent Bit YAML config's `includes:` item (resolved against the
 * including file; the others against the top-level file, A.9). For the CLI's walk (collect-inputs.ts), which takes
 * such a file when it has no walk extension (`@INCLUDE inputs.inc`, `script strip.lua`), and its batching (run.ts),
 * which puts a script in its config's batch: a cheap text scan that errs towards taking a file (a `script` key of
 * another plugin names a file too).
 */
export function configFileRefs(path: string, text: string): WalkRef[] {
  const refs = plainFileRefs(path, text);
  // A YAML-named file: only a Fluent Bit YAML config (a top-level `pipeline:`, where lua filters and processors are);
  // a manifest's or values file's configs are indented blocks naming files of their own ConfigMap (as plainFileRefs).
  if ((!isYamlPath(path) || YAML_PIPELINE.test(text)) && /script/i.test(text)) {
    // A classic `script value` has no colon after the key, a YAML `script:` has one: each regex finds its own. Either
    // is relative to the top-level config's directory, as filter_lua reads it (lua_config.c; NOTES, lua37).
    for (const pattern of [LUA_SCRIPT, LUA_SCRIPT_YAML]) {
      for (const m of text.matchAll(pattern)) {
        const value = m[1] as string;
        if (!value.includes('${')) refs.push({ path: value, start: m.index, end: m.index + m[0].length });
      }
    }
  }
  return refs.sort((a, b) => a.start - b.start);
}

function plainConfig(path: string): EmbeddedConfig {
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return { id: path, path, format: 'classic', origin: 'file', name: path.slice(slash + 1), docIndex: 0, yamlPath: [], text: '', style: 'file', map: identityMap(0), start: 0, end: 0 };
}

/**
 * The sets of `paths` that include references link, for the batching: the
 * files one walk reaches (from every file with references, as the library
 * walks from every config) are linked, and sets sharing a file are one set
 * (what `groupInputs` makes of them: the directories of linked files join).
 * Each set holds two or more files, in the order the walks first reached
 * them; sets in the order of their first file. `refsOf` gives a file's
 * references (plainFileRefs; none for a file not scanned). Paths are as the
 * library will be given them.
 *
 * Linear on include chains: a walk does not enter a file whose reach is
 * already known to be the same (see `reachKey`), where walking from every
 * file of a chain of n files that each include the next took O(n^2)
 * resolutions.
 */
export function linkedFiles(paths: readonly string[], refsOf: (path: string) => readonly WalkRef[]): string[][] {
  const configs = paths.map(plainConfig);
  const vfs = createVfs([{ path: '', configs, otherKeys: [], configMaps: [], podTemplates: [] }]);
  const index = new Map(configs.map((c, i) => [c.id, i]));
  // Union-find over file indices; `order` holds files in the order walks first reach them.
  const parent = configs.map((_, i) => i);
  const find = (i: number): number => {
    let root = i;
    while (parent[root] !== root) root = parent[root] as number;
    for (let x = i; x !== root; ) [x, parent[x]] = [parent[x] as number, root];
    return root;
  };
  const union = (a: number, b: number): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[rb] = ra;
  };
  const order = new Set<number>();
  const reached = (i: number): void => void order.add(i);
  // Per file with references: the reach keys under which its whole reach is already in its set, by depth.
  const known = new Map<number, Map<number, Set<string>>>();
  const isKnown = (i: number, top: readonly string[]): boolean => {
    for (const [depth, keys] of known.get(i) ?? []) if (keys.has(reachKey(top, depth))) return true;
    return false;
  };

  for (const [s, start] of configs.entries()) {
    if (refsOf(start.path).length === 0) continue;
    const top = topSegments(start.path);
    reached(s);
    if (isKnown(s, top)) continue;
    const seen = new Set<number>([s]);
    /** The files this walk entered that have references. */
    const walked: number[] = [];
    // The fewest trailing segments of the top's directory that any reference of this walk climbs out of.
    let depth = Infinity;
    const todo = [start];
    for (let cfg = todo.pop(); cfg !== undefined; cfg = todo.pop()) {
      const refs = refsOf(cfg.path);
      if (refs.length > 0) walked.push(index.get(cfg.id) as number);
      for (const r of refs) {
        // A YAML `includes:` path is relative to the including file; classic ones to the top-level file (A.9).
        if (r.yaml !== true && !r.path.startsWith('/')) depth = Math.min(depth, climbs(r.path));
        const res = vfs.resolve(cfg, r.path, r.yaml === true ? cfg : start);
        if (res.kind !== 'found') continue;
        for (const target of res.configs) {
          const t = index.get(target.id) as number;
          if (seen.has(t)) continue;
          seen.add(t);
          reached(t);
          union(s, t);
          const entry = known.get(t);
          if (entry !== undefined && isKnown(t, top)) {
            // Its reach under this top is the one already linked: take the depth that made it so.
            for (const [d, keys] of entry) if (keys.has(reachKey(top, d))) depth = Math.min(depth, d);
            continue;
          }
          todo.push(target);
        }
      }
    }
    const key = reachKey(top, depth);
    for (const i of walked) {
      let entry = known.get(i);
      if (entry === undefined) known.set(i, (entry = new Map()));
      let keys = entry.get(depth);
      if (keys === undefined) entry.set(depth, (keys = new Set()));
      keys.add(key);
    }
  }

  const sets = new Map<number, string[]>();
  for (const i of order.keys()) {
    const root = find(i);
    const set = sets.get(root);
    if (set === undefined) sets.set(root, [paths[i] as string]);
    else set.push(paths[i] as string);
  }
  return [...sets.values()].filter((set) => set.length > 1);
}

/*
 * Why a walk may skip a file (`linkedFiles`). A walk resolves classic relative
 * references against its top-level file's directory; everything else (YAML
 * `includes:`, absolute paths) does not depend on the top. A relative path
 * resolves as the VFS normalizes `dir/ref`: `..` pops the directory's
 * segments (never past its root), so a reference that climbs at most k
 * segments above where it starts (`climbs`) reads only the directory minus
 * its last k segments. A walk whose references climb at least `depth`
 * therefore resolves every reference the same under any top whose directory,
 * minus its last `depth` segments, is the same (`reachKey`): every file it
 * walked reaches, under such a top, exactly what it reached there, which is
 * already linked. A walk that skipped a file carries that file's depth too.
 */

/** The directory of a top-level file as the VFS resolves against it (vfs.ts `dirname`, normalized): absolute or not, its segments. */
function topSegments(path: string): string[] {
  const p = path.replace(/\\/g, '/');
  const dir = normalizeVfsPath(p.slice(0, Math.max(p.lastIndexOf('/'), 0)));
  return [dir.startsWith('/') ? '/' : '', ...dir.split('/').filter((s) => s !== '')];
}

/** How many segments above its start a relative path goes at its lowest (`a/../../b`: 1). */
function climbs(ref: string): number {
  let level = 0;
  let lowest = 0;
  for (const part of ref.replace(/\\/g, '/').split('/')) {
    if (part === '' || part === '.') continue;
    level += part === '..' ? -1 : 1;
    lowest = Math.min(lowest, level);
  }
  return -lowest;
}

/** What of a top's directory (topSegments) a walk that climbs `depth` segments reads. */
function reachKey(top: readonly string[], depth: number): string {
  if (depth === Infinity) return '';
  return `${depth}\u0000${top.slice(0, Math.max(1, top.length - depth)).join('/')}`;
}
