import type { EmbeddedConfig } from '../discover/discovery-types.js';
import { cTrim } from '../source/c-text.js';
import { isYamlPath } from '../source/sniff-format.js';
import { identityMap } from '../yaml/offset-map.js';
import { createVfs } from './vfs.js';
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

function plainConfig(path: string): EmbeddedConfig {
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return { id: path, path, format: 'classic', origin: 'file', name: path.slice(slash + 1), docIndex: 0, yamlPath: [], text: '', style: 'file', map: identityMap(0), start: 0, end: 0 };
}

/**
 * The sets of `paths` that include references link, each the files one walk
 * reaches (from every file with references, as the library walks from every
 * config), its start first; a walk that reaches no other file is left out.
 * `refsOf` gives a file's references (plainFileRefs; none for a file not
 * scanned). Paths are as the library will be given them.
 */
export function linkedFiles(paths: readonly string[], refsOf: (path: string) => readonly WalkRef[]): string[][] {
  const configs = paths.map(plainConfig);
  const vfs = createVfs([{ path: '', configs, otherKeys: [], configMaps: [], podTemplates: [] }]);
  const out: string[][] = [];
  for (const start of configs) {
    if (refsOf(start.path).length === 0) continue;
    const seen = new Set<string>([start.id]);
    const reached = [start.path];
    const todo = [start];
    for (let cfg = todo.pop(); cfg !== undefined; cfg = todo.pop()) {
      for (const r of refsOf(cfg.path)) {
        // A YAML `includes:` path is relative to the including file; classic ones to the top-level file (A.9).
        const res = vfs.resolve(cfg, r.path, r.yaml === true ? cfg : start);
        if (res.kind !== 'found') continue;
        for (const target of res.configs) {
          if (seen.has(target.id)) continue;
          seen.add(target.id);
          reached.push(target.path);
          todo.push(target);
        }
      }
    }
    if (reached.length > 1) out.push(reached);
  }
  return out;
}
