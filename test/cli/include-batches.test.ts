import { spawnSync } from '../helpers/child-process.js';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupInputs } from '../../src/cli/batches.js';
import { run } from '../../src/cli/run.js';
import type { Input } from '../../src/cli/collect-inputs.js';
import type { JsonReport } from '../../src/cli/json-report.js';
import { configFileRefs, linkedFiles, plainFileRefs } from '../../src/includes/file-links.js';
import { migrate } from '../../src/migrate/migrate.js';
import type { MigrateOptions, MigrateResult } from '../../src/migrate/types.js';
import { BIN } from '../helpers/bin.js';
import type { EmbeddedConfig } from '../../src/discover/discovery-types.js';
import { createVfs } from '../../src/includes/vfs.js';
import type { WalkRef } from '../../src/includes/walk-includes.js';
import { identityMap } from '../../src/yaml/offset-map.js';
import { rng } from '../helpers/rng.js';
import { findCases, readCaseOptions, readTree, readTreeObject } from '../helpers/golden.js';
import { MemoryIo } from './helpers/memory-io.js';

/*
 * A CLI run joins the directories that include references of plain configs
 * link (src/cli/batches.ts, src/includes/file-links.ts): `@INCLUDE conf.d/*.conf`,
 * `Parsers_File ../parsers/x.conf`, a YAML config's `includes:` and
 * `service.parsers_file`. The spawned CLI must give, file by file, the findings,
 * diagnostics and diffs of migrate() on the same files in one call, with and
 * without worker threads; a reference that links nothing (absolute, remote,
 * missing) keeps today's diagnostics (fixtures/migrate/include-links/not-linked).
 */

const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url));
const INCLUDE_LINKS = join(FIXTURES, 'migrate/include-links');

const refs = (text: string, path = 'fluent-bit.conf') => plainFileRefs(path, text).map((r) => (r.yaml === true ? `yaml:${r.path}` : r.path));

describe('plainFileRefs: the include references of a plain file, by a text scan, in text order', () => {
  it('classic: a column-0 @INCLUDE (any case, the path verbatim) and Parsers_File values; not ${...} values', () => {
    const text = '[SERVICE]\n    PARSERS_FILE  ../p/parsers.conf  \r\n    Parsers_File ${DIR}/x.conf\n@include conf.d/*.conf\r\n  @INCLUDE indented.conf\n@INCLUDE  two-spaces.conf\n';
    expect(refs(text)).toEqual(['../p/parsers.conf', 'conf.d/*.conf', ' two-spaces.conf']);
  });

  it('YAML: top-level includes: items and service.parsers_file, in any key case; a .conf holding a YAML config too', () => {
    const yaml = 'service:\n  Parsers_File: ../parsers/custom.conf\nIncludes:\n  - sub/inputs.yaml\n  - "b.yaml"\n';
    expect(refs(yaml, 'c/fluent-bit.yaml')).toEqual(['../parsers/custom.conf', 'yaml:sub/inputs.yaml', 'yaml:b.yaml']);
    expect(refs(yaml, 'c/fluent-bit.conf')).toEqual(['../parsers/custom.conf', 'yaml:sub/inputs.yaml', 'yaml:b.yaml']);
    expect(refs('{"includes": ["sub/a.yaml"]}', 'fluent-bit.json')).toEqual(['yaml:sub/a.yaml']);
  });

  it('a Kubernetes manifest or Helm values file links nothing: its configs name files of their own ConfigMap', () => {
    expect(refs('apiVersion: v1\nkind: ConfigMap\ndata:\n  fluent-bit.yaml: |\n    includes:\n      - x.yaml\n    service:\n      parsers_file: p.conf\n', 'cm.yaml')).toEqual([]);
    expect(refs('apiVersion: v1\nkind: ConfigMap\ndata:\n  fluent-bit.conf: |\n    @INCLUDE inputs.conf\n    [SERVICE]\n        Parsers_File parsers.conf\n', 'cm.yaml')).toEqual([]);
    expect(refs('config:\n  service: |\n    [SERVICE]\n        Parsers_File custom_parsers.conf\n', 'values.yaml')).toEqual([]);
  });
});

describe('configFileRefs: include references and lua filter scripts (the CLI walk and batching)', () => {
  const scripts = (text: string, path = 'fluent-bit.conf') => configFileRefs(path, text).map((r) => (r.yaml === true ? `yaml:${r.path}` : r.path));
  it('classic `script path` and YAML `script:` values after the include references, in text order; not ${...}; not in YAML-named files', () => {
    const text = '@INCLUDE a.inc\n[FILTER]\n    Name lua\n    script  lua/strip.lua \n    Script ${DIR}/x.lua\n@INCLUDE b.inc\n';
    expect(scripts(text)).toEqual(['a.inc', 'lua/strip.lua', 'b.inc']);
    expect(scripts('pipeline:\n  filters:\n    - name: lua\n      script: "y.lua"\n    - script: \'z.lua\' # two\n')).toEqual(['y.lua', 'z.lua']);
    expect(scripts('data:\n  fluent-bit.conf: |\n    [FILTER]\n        script strip.lua\n', 'cm.yaml')).toEqual([]);
    expect(scripts('[FILTER]\n    Name lua\n    code function f() end\n')).toEqual([]);
  });
});

describe('linkedFiles: which files the references reach, resolved as Fluent Bit resolves them', () => {
  const paths = ['m/fluent-bit.conf', 'm/conf.d/a.conf', 'm/conf.d/b.conf', 'm/inputs/tail.conf', 'm/filters/k.conf', 'p/parsers.conf', 'y/main.yaml', 'y/sub/in.yaml', 'y/sub/more/out.yaml', 'other/x.conf'];
  const byPath: Record<string, string> = {
    'm/fluent-bit.conf': '[SERVICE]\n    Parsers_File ../p/parsers.conf\n@INCLUDE conf.d/*.conf\n@INCLUDE inputs/tail.conf\n@INCLUDE /etc/fluent-bit/x.conf\n@INCLUDE https://example.com/x.conf\n@INCLUDE missing/*.conf\n',
    // Relative to the top-level file (m/), not to m/inputs/.
    'm/inputs/tail.conf': '@INCLUDE filters/k.conf\n',
    // Relative to the including file.
    'y/main.yaml': 'includes:\n  - sub/in.yaml\n',
    'y/sub/in.yaml': 'includes:\n  - more/out.yaml\n',
  };
  const sets = linkedFiles(paths, (p) => plainFileRefs(p, byPath[p] ?? ''));

  it('globs, relative-to-top classic paths, relative-to-including YAML paths; absolute, remote and missing ones link nothing', () => {
    expect(sets[0]).toEqual(['m/fluent-bit.conf', 'p/parsers.conf', 'm/conf.d/a.conf', 'm/conf.d/b.conf', 'm/inputs/tail.conf', 'm/filters/k.conf']);
    expect(sets.find((s) => s[0] === 'y/main.yaml')).toEqual(['y/main.yaml', 'y/sub/in.yaml', 'y/sub/more/out.yaml']);
    expect(sets.flat()).not.toContain('other/x.conf');
  });

  it('groupInputs joins the directories of each set, and no other', async () => {
    const inputs: Input[] = paths.map((path) => ({ kind: 'file', path }));
    const groups = await groupInputs(inputs, { cwd: '/w', includeLinks: sets });
    expect(groups.map((g) => g.map((i) => (i.kind === 'file' ? i.path : '-')))).toEqual([
      ['m/fluent-bit.conf', 'm/conf.d/a.conf', 'm/conf.d/b.conf', 'm/inputs/tail.conf', 'm/filters/k.conf', 'p/parsers.conf'],
      ['y/main.yaml', 'y/sub/in.yaml', 'y/sub/more/out.yaml'],
      ['other/x.conf'],
    ]);
    // --to-yaml is one batch anyway.
    expect(await groupInputs(inputs, { cwd: '/w', includeLinks: sets, oneBatch: true })).toHaveLength(1);
  });
});

describe('linkedFiles on include chains: linear, the same batches as walking from every file', () => {
  /** linkedFiles with its references counted: each file it walks asks for them once (the old walk from every file asked O(n^2) times on a chain). */
  const counted = (paths: readonly string[], byPath: Record<string, string>) => {
    let asked = 0;
    const sets = linkedFiles(paths, (p) => (asked++, plainFileRefs(p, byPath[p] ?? '')));
    return { sets, asked };
  };
  const groupsOf = async (paths: readonly string[], sets: readonly (readonly string[])[]) =>
    (await groupInputs(paths.map((path) => ({ kind: 'file', path })), { cwd: '/w', includeLinks: sets })).map((g) => g.length);
  const N = 2000;
  // Directories 200 deep (paths of 400+ characters) are as far as a chain that goes deeper is taken.
  const DEEP = 200;
  const dir = (i: number) => `c/d${String(i).padStart(4, '0')}`;

  it('a chain of 2,000 directories, each config including the next (relative to the top, A.9), either way round: one batch', async () => {
    for (const forward of [true, false]) {
      const byPath: Record<string, string> = {};
      const paths: string[] = [];
      for (let i = 0; i < N; i++) {
        const next = forward ? i + 1 : i - 1;
        paths.push(`${dir(i)}/fluent-bit.conf`);
        if (next >= 0 && next < N) byPath[`${dir(i)}/fluent-bit.conf`] = `@INCLUDE ../d${String(next).padStart(4, '0')}/fluent-bit.conf\n`;
      }
      paths.push('other/x.conf');
      const { sets, asked } = counted(paths, byPath);
      expect(sets).toHaveLength(1);
      expect(sets[0]).toHaveLength(N);
      expect(sets[0]?.[0]).toBe(`${dir(forward ? 0 : 1)}/fluent-bit.conf`);
      expect(asked).toBeLessThanOrEqual(3 * paths.length); // walking from every file: N^2 / 2
      expect(await groupsOf(paths, sets)).toEqual([N, 1]);
    }
  });

  it('a chain in one directory and a chain that goes deeper (each include relative to the top: only the first link resolves)', async () => {
    const flat: Record<string, string> = {};
    const deep: Record<string, string> = {};
    const flatPaths: string[] = [];
    const deepPaths: string[] = [];
    for (let i = 0; i < N; i++) {
      flatPaths.push(`flat/f${i}.conf`);
      if (i + 1 < N) flat[`flat/f${i}.conf`] = `@INCLUDE f${i + 1}.conf\n`;
      if (i >= DEEP) continue;
      const here = `deep/${'x/'.repeat(i)}f.conf`;
      deepPaths.push(here);
      if (i + 1 < DEEP) deep[here] = '@INCLUDE x/f.conf\n';
    }
    const one = counted(flatPaths, flat);
    expect(one.sets.map((s) => s.length)).toEqual([N]);
    expect(one.asked).toBeLessThanOrEqual(3 * N);
    // deep/f.conf includes deep/x/f.conf, whose own include resolves against deep/ again (itself): every walk links two directories.
    const two = counted(deepPaths, deep);
    expect(two.sets.map((s) => s.length)).toEqual([DEEP]);
    expect(two.asked).toBeLessThanOrEqual(3 * DEEP);
    expect(await groupsOf(deepPaths, two.sets)).toEqual([DEEP]);
  });

  // The walk from every file with references, as linkedFiles did it before (each walk's files linked; the library's VFS): the reference.
  const everyWalk = (paths: readonly string[], refsOf: (path: string) => readonly WalkRef[]): string[][] => {
    const configs = paths.map((path) => ({ id: path, path, format: 'classic', origin: 'file', name: path.split('/').pop(), docIndex: 0, yamlPath: [], text: '', style: 'file', map: identityMap(0), start: 0, end: 0 }) as EmbeddedConfig);
    const vfs = createVfs([{ path: '', configs, otherKeys: [], configMaps: [], podTemplates: [] }]);
    const out: string[][] = [];
    for (const start of configs) {
      if (refsOf(start.path).length === 0) continue;
      const seen = new Set<string>([start.id]);
      const reached = [start.path];
      const todo = [start];
      for (let cfg = todo.pop(); cfg !== undefined; cfg = todo.pop()) {
        for (const r of refsOf(cfg.path)) {
          const res = vfs.resolve(cfg, r.path, r.yaml === true ? cfg : start);
          if (res.kind !== 'found') continue;
          for (const target of res.configs) if (!seen.has(target.id)) (seen.add(target.id), reached.push(target.path), todo.push(target));
        }
      }
      if (reached.length > 1) out.push(reached);
    }
    return out;
  };

  it('random include graphs (climbing, descending, globs, YAML includes, absolute paths): the same batches as the walk from every file', async () => {
    for (let seed = 1; seed <= 200; seed++) {
      const random = rng(seed);
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
      const dirs = ['', 'a', 'a/b', 'a/b/c', 'a/e', 'f', 'f/g'];
      const paths = [...new Set(Array.from({ length: 4 + Math.floor(random() * 12) }, () => `${pick(dirs)}/${pick(['x', 'y', 'z'])}.${pick(['conf', 'conf', 'yaml'])}`.replace(/^\//, '')))];
      const byPath: Record<string, string> = {};
      for (const p of paths) {
        const refs = Array.from({ length: Math.floor(random() * 3) }, () => {
          const target = pick(paths);
          const up = pick(['', '../', '../../', 'a/../../']);
          const tail = random() < 0.2 ? `${target.split('/').slice(0, -1).join('/')}/*.conf`.replace(/^\//, '') : target;
          return random() < 0.1 ? '/etc/fluent-bit/x.conf' : `${up}${tail}`;
        });
        byPath[p] = p.endsWith('.yaml') ? `includes:\n${refs.map((r) => `  - ${r}\n`).join('')}` : refs.map((r) => `@INCLUDE ${r}\n`).join('');
      }
      const refsOf = (p: string) => plainFileRefs(p, byPath[p] ?? '');
      expect(await groupsOfPaths(paths, linkedFiles(paths, refsOf)), `seed ${seed}`).toEqual(await groupsOfPaths(paths, everyWalk(paths, refsOf)));
    }
  });
  const groupsOfPaths = async (paths: readonly string[], sets: readonly (readonly string[])[]) =>
    (await groupInputs(paths.map((path) => ({ kind: 'file', path })), { cwd: '/w', includeLinks: sets })).map((g) => g.map((i) => (i.kind === 'file' ? i.path : '-')));
});

describe('reading before batching (a run over several directories)', () => {
  it('reads each file from disk once; a file that cannot be read is reported once, by its batch, and links nothing', async () => {
    const files = { ...readTreeObject(join(INCLUDE_LINKS, 'conf-d-glob/input'), 'case/'), 'case/other/broken.conf': '@INCLUDE ../conf.d/*.conf\n' };
    const io = new MemoryIo({ files, failures: [{ op: 'readFile', path: /broken\.conf$/, code: 'EACCES' }] });
    const reads: string[] = [];
    const readFile = io.readFile.bind(io);
    io.readFile = async (p: string) => {
      reads.push(p);
      return readFile(p);
    };
    const code = await run(['case', '--check', '--runtime', 'containerd', '--format', 'json'], io, { prefilter: true });
    expect(code).toBe(2);
    const readable = Object.keys(files).filter((f) => !f.endsWith('broken.conf')).sort();
    // (.flbmigrateignore files are read by the walk.)
    expect(reads.filter((p) => !p.endsWith('broken.conf') && !p.endsWith('.flbmigrateignore')).sort()).toEqual(readable);
    const report = JSON.parse(io.stdoutText) as JsonReport;
    expect(report.files.filter((f) => f.path.endsWith('broken.conf')).map((f) => f.errors.map((e) => e.code))).toEqual([['EACCES']]);
    const lib = libraryView(migrate(readable.map((path) => ({ path, text: files[path as keyof typeof files] })), { runtime: 'containerd' }));
    expect(Object.fromEntries([...cliView(report)].filter(([p]) => !p.endsWith('broken.conf')))).toEqual(Object.fromEntries(lib));
  });
});

describe('reading before batching: what a batch cannot read is reported as in a run over one directory', () => {
  it('a file above --max-file-size, and one that is not UTF-8, each once; both runs agree', async () => {
    const big = `[INPUT]\n    Name tail\n    Path /var/log/containers/*.log\n    Parser docker\n${'#'.repeat(2000)}\n`;
    const files = { 'big.conf': big, 'latin1.conf': { bytes: Uint8Array.from([0x23, 0xe9, 0x0a]) }, 'ok.conf': '@INCLUDE big.conf\n' };
    const run1 = async (layout: (name: string) => string) => {
      const io = new MemoryIo({ files: Object.fromEntries(Object.entries(files).map(([n, v]) => [layout(n), v])) });
      const code = await run(['case', '--check', '--runtime', 'containerd', '--format', 'json', '--max-file-size', '1K'], io, { prefilter: true });
      const report = JSON.parse(io.stdoutText) as JsonReport;
      return { code, errors: report.files.map((f) => [f.path.split('/').pop(), f.errors.map((e) => e.code)]) };
    };
    const together = await run1((n) => `case/${n}`);
    const apart = await run1((n) => `case/${n.replace('.conf', '')}/${n}`);
    expect(together.code).toBe(2);
    expect(apart).toEqual(together);
    expect(together.errors).toEqual(expect.arrayContaining([['big.conf', ['FILE_TOO_LARGE']], ['latin1.conf', ['ENCODING']]]));
  });
});

/** One line per finding or diagnostic of a file: severity, id, position, message. */
type Row = string;
interface FileView {
  readonly diff: string;
  readonly rows: readonly Row[];
}

function libraryView(result: MigrateResult): Map<string, FileView> {
  const out = new Map<string, FileView>();
  for (const f of result.files) {
    const rows = [
      ...f.findings.map((x) => `${x.severity} ${x.ruleId} ${x.line}:${x.column} ${x.message}`),
      ...f.diagnostics.map((d) => `${d.severity} ${d.code} ${d.line}:${d.column} ${d.message}`),
    ].sort();
    if (rows.length > 0 || f.diff !== '') out.set(f.path, { diff: f.diff, rows });
  }
  return out;
}

function cliView(report: JsonReport): Map<string, FileView> {
  const out = new Map<string, FileView>();
  for (const f of report.files) {
    const rows = [
      ...f.findings.map((x) => `${x.severity} ${x.ruleId} ${x.line}:${x.column} ${x.message}`),
      ...f.errors.map((e) => `error ${e.code} ${e.line}:${e.column} ${e.message}`),
    ].sort();
    if (rows.length > 0 || f.diff !== '') out.set(f.path, { diff: f.diff, rows });
  }
  return out;
}

const FLAGS: Record<string, (v: unknown) => string[]> = {
  runtime: (v) => ['--runtime', String(v)],
  keepDockerMount: (v) => (v ? ['--keep-docker-mount'] : []),
  criOnly: (v) => (v ? ['--cri-only'] : []),
  podLogsDir: (v) => ['--pod-logs-dir', String(v)],
  fluentBitVersion: (v) => ['--fluent-bit-version', String(v)],
};

function cliJson(cwd: string, args: string[], workers: number): JsonReport {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', FLB_MIGRATE_WORKERS: String(workers) };
  delete env.FORCE_COLOR;
  delete env.GITHUB_STEP_SUMMARY;
  const r = spawnSync(process.execPath, [BIN, ...args, '--format', 'json'], { cwd, encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024 });
  expect(r.stderr).not.toMatch(/internal error/);
  return JSON.parse(r.stdout) as JsonReport;
}

/** The input of case `dir` under `prefix` in `root`, on disk; its files as migrate() gets them. */
function place(root: string, prefix: string, dir: string): { path: string; text: string }[] {
  const files = readTree(join(dir, 'input')).map((f) => ({ path: `${prefix}/${f.path}`, text: f.text }));
  for (const f of files) {
    mkdirSync(dirname(join(root, f.path)), { recursive: true });
    writeFileSync(join(root, f.path), f.text);
  }
  return files;
}

describe('the spawned CLI gives migrate()\'s result for files that includes link across directories', () => {
  let root: string;
  beforeAll(() => {
    expect(existsSync(BIN), `${BIN} is missing: run \`npm run build\` before the tests`).toBe(true);
    root = mkdtempSync(join(tmpdir(), 'flb-migrate-include-batches-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const linkCases = findCases(INCLUDE_LINKS);
  it('there are such cases, and one where nothing links', () => {
    expect(linkCases.length).toBeGreaterThanOrEqual(5);
    expect(linkCases.some((c) => c.id === 'not-linked')).toBe(true);
  });

  // Every golden case whose input spans directories (not --to-yaml's: one batch anyway), each case a directory of
  // one tree, one CLI run per set of options.
  it('every golden case spread over directories, one CLI run per option set', () => {
    const cases = findCases(FIXTURES).filter((c) => !c.id.startsWith('to-yaml/') && new Set(readTree(join(c.dir, 'input')).map((f) => dirname(f.path))).size > 1);
    expect(cases.length).toBeGreaterThanOrEqual(linkCases.length + 3);
    const byOptions = new Map<string, { prefix: string; files: { path: string; text: string }[]; options: MigrateOptions }[]>();
    cases.forEach((c, i) => {
      const options = readCaseOptions<MigrateOptions>(c.dir, 'options.json', { runtime: 'containerd' });
      if (!Object.keys(options).every((k) => k in FLAGS)) return;
      const key = JSON.stringify(options);
      const tree = `all-${[...byOptions.keys()].indexOf(key) < 0 ? byOptions.size : [...byOptions.keys()].indexOf(key)}`;
      const list = byOptions.get(key) ?? [];
      if (list.length === 0) byOptions.set(key, list);
      const prefix = `${tree}/c${String(i).padStart(3, '0')}`;
      list.push({ prefix, files: place(root, prefix, c.dir), options });
    });
    for (const [key, list] of byOptions) {
      const options = JSON.parse(key) as Record<string, unknown>;
      const tree = (list[0] as { prefix: string }).prefix.split('/')[0] as string;
      const cli = cliView(cliJson(root, [tree, '--check', ...Object.entries(options).flatMap(([k, v]) => FLAGS[k]?.(v) ?? [])], 1));
      for (const { prefix, files, options: o } of list) {
        const lib = libraryView(migrate(files, o));
        const mine = new Map([...cli].filter(([p]) => p.startsWith(`${prefix}/`)));
        expect(Object.fromEntries(mine), prefix).toEqual(Object.fromEntries(lib));
      }
    }
  });

  it('with and without worker threads (>= 64 batches): the same result, migrate()\'s, for every copy', () => {
    const copies: { prefix: string; files: { path: string; text: string }[] }[] = [];
    for (let k = 0; copies.length < 72; k++) {
      for (const c of linkCases) {
        const prefix = `threads/k${String(k).padStart(2, '0')}-${c.id}`;
        copies.push({ prefix, files: place(root, prefix, c.dir) });
      }
    }
    const one = cliJson(root, ['threads', '--check', '--runtime', 'containerd'], 1);
    const two = cliJson(root, ['threads', '--check', '--runtime', 'containerd'], 2);
    expect(two).toEqual(one);
    const cli = cliView(two);
    for (const { prefix, files } of copies) {
      const lib = libraryView(migrate(files, { runtime: 'containerd' }));
      expect(Object.fromEntries([...cli].filter(([p]) => p.startsWith(`${prefix}/`))), prefix).toEqual(Object.fromEntries(lib));
    }
    // The include-linked files came out of one batch: no INCLUDE_NOT_FOUND / glob warning for a file of the inputs.
    const text = JSON.stringify(two);
    expect(text).not.toMatch(/'conf\.d\/\*\.conf' matches no file/);
    expect(text).not.toMatch(/'sub\/inputs\.yaml' is not among the inputs/);
    expect(text).toMatch(/'missing\/\*\.conf' matches no file among the inputs/);
  });

  it('--write writes what migrate() outputs', () => {
    const prefix = 'write/glob';
    const files = place(root, prefix, join(INCLUDE_LINKS, 'conf-d-glob'));
    const r = spawnSync(process.execPath, [BIN, prefix, '--write', '--runtime', 'containerd', '--quiet'], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(r.stderr).not.toMatch(/internal error/);
    for (const f of migrate(files, { runtime: 'containerd' }).files) expect(readFileSync(join(root, f.path), 'utf8'), f.path).toBe(f.output);
  });
});
