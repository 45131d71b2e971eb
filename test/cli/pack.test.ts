import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from '../helpers/child-process.js';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN, BIN_RELATIVE } from '../helpers/bin.js';

// Packs the built package, installs the tarball into a fresh project and uses
// it as a user would: the bin, the ESM and CommonJS entries, the published
// JSON schema, and the codemod under the REAL jscodeshift binary (our pinned
// devDependency) on a fixture tree. Catches a wrong `bin`/`files`/`exports`,
// a missing shebang, top-level await, or a lookup that only works in the repo.
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const NPX = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const JSCODESHIFT = join(ROOT, 'node_modules/.bin/jscodeshift');
const CODEMOD_TREE = join(ROOT, 'fixtures/codemod/tree');
const FLUX_TREE = join(ROOT, 'fixtures/codemod/flux-tree');
const PKG = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string; license: string };

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => statSync(join(dir, f)).isFile())
    .map((f) => f.split('\\').join('/'))
    .sort();
}

describe('npm pack + install', () => {
  const dir = mkdtempSync(join(tmpdir(), 'flb-migrate-pack-'));
  const project = join(dir, 'project');
  let packed: string[] = [];
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  beforeAll(() => {
    expect(existsSync(join(ROOT, 'dist/codemod.cjs')), 'dist is missing: run `npm run build` before the tests').toBe(true);
    // --ignore-scripts: dist is already built (.ci/run builds first); `prepare` would rebuild it.
    const out = execFileSync(NPM, ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8' });
    const [info] = JSON.parse(out) as Array<{ filename: string; files: Array<{ path: string }> }>;
    packed = (info?.files ?? []).map((f) => f.path).sort();
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'pack-test', private: true, type: 'module' }));
    const install = (extra: string[]) =>
      spawnSync(NPM, ['install', join(dir, info?.filename ?? ''), '--no-audit', '--no-fund', '--ignore-scripts', ...extra], { cwd: project, encoding: 'utf8' });
    // chevrotain, yaml and diff are in the npm cache after `npm ci`; go online only if they are not.
    let installed = install(['--offline']);
    if (installed.status !== 0) installed = install(['--prefer-offline']);
    expect(installed.status, installed.stderr).toBe(0);
  }, 120_000);

  it('ships what it documents, and no source map pointing at a missing source', () => {
    for (const f of ['LICENSE', 'README.md', 'CHANGELOG.md', 'package.json', 'report.schema.json', 'dist/codemod.cjs', 'dist/codemod-core.cjs', 'dist/codemod.d.cts', 'dist/codemod.js', BIN_RELATIVE, 'dist/bin/engine.cjs', 'dist/index.d.ts']) {
      expect(packed).toContain(f);
    }
    expect(packed.filter((f) => f.startsWith('src/') || f.startsWith('test/') || f.startsWith('fixtures/'))).toEqual([]);
    // The CLI's V8 code cache fits only the Node that built it: trained by `npm ci`/`npm run build` in a checkout, never published (NOTES.md).
    expect(packed.filter((f) => f.endsWith('.v8cache'))).toEqual([]);
    expect(existsSync(join(project, 'node_modules/flb-migrate', BIN_RELATIVE))).toBe(true);
    for (const map of packed.filter((f) => f.endsWith('.map'))) {
      const { sources } = JSON.parse(readFileSync(join(project, 'node_modules/flb-migrate', map), 'utf8')) as { sources: string[] };
      for (const s of sources) expect(packed, `${map} -> ${s}`).toContain(join(map, '..', s).split('\\').join('/'));
    }
    expect(readFileSync(join(ROOT, 'LICENSE'), 'utf8')).toMatch(/^\s*Apache License\s+Version 2\.0, January 2004/);
    expect(PKG.license).toBe('Apache-2.0');
  });

  it('README links work from the npm package page: absolute URLs or anchors that exist', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const slugs = new Set([...readme.matchAll(/^#{1,6} (.+)$/gm)].map((m) => (m[1] ?? '').toLowerCase().replace(/[^a-z0-9 -]/g, '').replaceAll(' ', '-')));
    const links = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1] ?? '');
    expect(links.length).toBeGreaterThan(5);
    for (const link of links) {
      if (link.startsWith('#')) expect(slugs, link).toContain(link.slice(1));
      else expect(link, 'relative links break on the npm package page').toMatch(/^https:\/\//);
    }
  });

  it('installs and runs the flb-migrate bin', () => {
    const version = spawnSync(NPX, ['--no', '--', 'flb-migrate', '--version'], { cwd: project, encoding: 'utf8' });
    expect(version.stderr).toBe('');
    expect(version.stdout.trim()).toBe(PKG.version);

    const file = join(project, 'fluent-bit.conf');
    writeFileSync(file, readFileSync(join(ROOT, 'fixtures/cli/tree/raw/fluent-bit.conf'), 'utf8'));
    const migrated = spawnSync(NPX, ['--no', '--', 'flb-migrate', file, '--runtime', 'containerd', '--format', 'json'], { cwd: project, encoding: 'utf8' });
    expect(migrated.status, migrated.stderr).toBe(0);
    const doc = JSON.parse(migrated.stdout) as { files: Array<{ path: string; changed: boolean; diff: string }>; summary: { files: number } };
    expect(doc.files.map((f) => f.path)).toEqual([file]);
    expect(doc.files[0]?.changed).toBe(true);
    expect(doc.files[0]?.diff).toContain('+    multiline.parser  docker, cri');
    expect(doc.summary.files).toBe(1);
  });

  it('loads through import and require (no top-level await anywhere), and exports the report schema', () => {
    const script = [
      "import { createRequire } from 'node:module';",
      'const require = createRequire(import.meta.url);',
      "const esm = (await import('flb-migrate/codemod')).default;",
      "const cjs = require('flb-migrate/codemod').default;",
      // require() of the ESM entries: throws ERR_REQUIRE_ASYNC_MODULE if any module in their graph uses top-level await.
      "const lib = require('flb-migrate');",
      "const esmCodemodViaRequire = require('./node_modules/flb-migrate/dist/codemod.js').default;",
      "const schema = require('flb-migrate/report.schema.json');",
      "const src = '[INPUT]\\n    Name tail\\n    Path /var/log/containers/*.log\\n    Parser docker\\n';",
      "console.log([typeof esm, typeof cjs, typeof lib.migrate, typeof esmCodemodViaRequire, schema.title, cjs({ path: 'a.conf', source: src }, {}, {}) === esm({ path: 'a.conf', source: src }, {}, {})].join(' '));",
    ].join('\n');
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: project, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('function function function function flb-migrate JSON report true');
  });

  it('its types work for TypeScript consumers of both the ESM and the CommonJS entries', () => {
    writeFileSync(join(project, 'cjs.cts'), [
      "import codemod = require('flb-migrate/codemod');",
      "const out: string | undefined = codemod.default({ path: 'a.conf', source: '' }, {}, { runtime: 'cri-o' });",
      'const E: typeof codemod.CodemodFileError = codemod.CodemodFileError;',
      'console.log(out, E);',
    ].join('\n'));
    writeFileSync(join(project, 'esm.mts'), [
      "import transform, { CodemodFileError } from 'flb-migrate/codemod';",
      "import { migrate, type FileResult } from 'flb-migrate';",
      "const out: string | undefined = transform({ path: 'a.conf', source: '' }, {}, { runtime: 'cri-o' });",
      "const files: readonly FileResult[] = migrate([], { runtime: 'containerd' }).files;",
      'console.log(out, files, CodemodFileError);',
    ].join('\n'));
    const tsc = spawnSync(process.execPath, [
      join(ROOT, 'node_modules/typescript/bin/tsc'), '--module', 'nodenext', '--moduleResolution', 'nodenext', '--strict', '--noEmit',
      '--types', 'node', '--typeRoots', join(ROOT, 'node_modules/@types'), 'cjs.cts', 'esm.mts',
    ], { cwd: project, encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  });

  describe('codemod under the real jscodeshift binary', () => {
    // What `flb-migrate --write` makes of the tree: the codemod must produce the same files.
    let expected: Record<string, string>;
    beforeAll(() => {
      const cliTree = join(dir, 'cli-tree');
      cpSync(CODEMOD_TREE, cliTree, { recursive: true });
      spawnSync(process.execPath, [BIN, cliTree, '--runtime', 'containerd', '--write'], { encoding: 'utf8' });
      expected = Object.fromEntries(listFiles(cliTree).map((f) => [f, readFileSync(join(cliTree, f), 'utf8')]));
    });

    function jscodeshift(name: string, transform: string, extra: string[]) {
      const tree = join(project, name);
      cpSync(CODEMOD_TREE, tree, { recursive: true });
      const r = spawnSync(JSCODESHIFT, ['-t', transform, '--extensions=yaml,yml,conf', ...extra, name], {
        cwd: project,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
      });
      const files = Object.fromEntries(listFiles(tree).map((f) => [f, readFileSync(join(tree, f), 'utf8')]));
      return { ...r, files, tree };
    }

    const original = () => Object.fromEntries(listFiles(CODEMOD_TREE).map((f) => [f, readFileSync(join(CODEMOD_TREE, f), 'utf8')]));

    it.each([
      ['dist/codemod.cjs (the README command, Babel on)', 'node_modules/flb-migrate/dist/codemod.cjs', [] as string[]],
      ['dist/codemod.js with --no-babel (require of ESM)', 'node_modules/flb-migrate/dist/codemod.js', ['--no-babel']],
    ])('%s: migrates the tree like the CLI, counts files with errors as errors', (_name, transform, extra) => {
      const r = jscodeshift(`tree-${extra.length}`, transform, ['--runtime=containerd', ...extra]);
      expect(r.status, r.stderr).toBe(0);
      // Babel never compiles the bundle (dist/codemod.cjs loads dist/codemod-core.cjs with vm): no deoptimisation note, whatever its size.
      expect(r.stderr).not.toContain('[BABEL]');
      expect(r.stdout).toMatch(/^2 errors$/m);
      expect(r.stdout).toMatch(/^1 skipped$/m); // the Service
      expect(r.stdout).toMatch(/^3 ok$/m);
      expect(r.stdout).toContain('bad/broken.yaml:7:1: YAML_SYNTAX');
      expect(r.stdout).toContain('bad/bad-indent.conf:5:1: INDENT_TOO_LOW');
      expect(r.files).toEqual(expected);
      expect(r.files['bad/broken.yaml']).toBe(original()['bad/broken.yaml']);
      expect(Object.keys(r.files).filter((f) => r.files[f] !== original()[f]).sort()).toEqual([
        'apps/fluent-bit-configmap.yaml', 'apps/fluent-bit-daemonset.yaml', 'apps/fluent-bit.conf',
      ]);
    });

    it('--fail-on-error exits 1 for a file with an error; a second run changes nothing', () => {
      const r = jscodeshift('tree-fail', 'node_modules/flb-migrate/dist/codemod.cjs', ['--runtime=containerd', '--fail-on-error']);
      expect(r.status).toBe(1);
      expect(r.files).toEqual(expected);

      rmSync(join(r.tree, 'bad'), { recursive: true });
      const again = spawnSync(JSCODESHIFT, ['-t', 'node_modules/flb-migrate/dist/codemod.cjs', '--extensions=yaml,yml,conf', '--fail-on-error', 'tree-fail'], {
        cwd: project,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
      });
      expect(again.status, again.stderr).toBe(0);
      expect(again.stdout).toMatch(/^0 errors$/m);
      expect(again.stdout).toMatch(/^0 ok$/m);
    });

    it('a HelmRelease whose HelmRepository is in another file: FLUX_SOURCE_NOT_IN_FILE, and with --fluxSources the CLI\'s reading and output', () => {
      const run = (name: string, extra: string[]) => {
        const tree = join(project, name);
        cpSync(FLUX_TREE, tree, { recursive: true });
        const r = spawnSync(JSCODESHIFT, ['-t', 'node_modules/flb-migrate/dist/codemod.cjs', '--extensions=yaml', '--runtime=containerd', '--fail-on-error', ...extra, name], {
          cwd: project,
          encoding: 'utf8',
          env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
        });
        return { ...r, files: Object.fromEntries(listFiles(tree).map((f) => [f, readFileSync(join(tree, f), 'utf8')])) };
      };
      const alone = run('flux-alone', []);
      expect(alone.status, alone.stderr).toBe(0);
      expect(alone.stdout).toMatch(/REP flux-alone\/apps\/fluent-bit\.yaml flux-alone\/apps\/fluent-bit\.yaml:14:15: warning FLUX_SOURCE_NOT_IN_FILE .*run flb-migrate over the repository/);
      expect(alone.stdout).not.toContain('warning tail-parser');

      const sources = JSON.stringify([{ kind: 'HelmRepository', name: 'grafana', namespace: 'flux-system', url: 'https://grafana.github.io/helm-charts' }]);
      const linked = run('flux-linked', [`--fluxSources=${sources}`]);
      expect(linked.status, linked.stderr).toBe(0);
      expect(linked.stdout).not.toContain('FLUX_SOURCE_NOT_IN_FILE');
      expect(linked.stdout).toMatch(/REP flux-linked\/apps\/fluent-bit\.yaml flux-linked\/apps\/fluent-bit\.yaml:11:14: warning tail-parser this release installs grafana's fluent-bit chart/);
      const cliTree = join(dir, 'flux-cli');
      cpSync(FLUX_TREE, cliTree, { recursive: true });
      const cli = spawnSync(process.execPath, [BIN, cliTree, '--runtime', 'containerd', '--write'], { encoding: 'utf8' });
      expect(cli.stdout + cli.stderr).toContain("grafana's fluent-bit chart");
      expect(linked.files).toEqual(Object.fromEntries(listFiles(cliTree).map((f) => [f, readFileSync(join(cliTree, f), 'utf8')])));
    });

    it('an invalid --runtime fails every file', () => {
      const r = jscodeshift('tree-runtime', 'node_modules/flb-migrate/dist/codemod.cjs', ['--runtime=docker', '--fail-on-error']);
      expect(r.status).toBe(1);
      expect(r.stdout).toMatch(/^6 errors$/m);
      expect(r.stdout).toContain("invalid runtime 'docker': expected one of containerd, cri-o, cri-dockerd");
      expect(relative(project, r.tree)).toBe('tree-runtime');
      expect(r.files).toEqual(original());
    });
  });
});
