import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { JsonReport } from '../../src/cli/json-report.js';
import { run } from '../../src/cli/run.js';
import { configMap, UNCHANGED } from './helpers/fake-migrate.js';
import { MemoryIo } from './helpers/memory-io.js';
import { runCli } from './helpers/run-cli.js';

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
const RT = ['--runtime', 'containerd'];

describe('usage', () => {
  it('prints help with three examples on stdout, exit 0', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^Usage: flb-migrate \[paths\.\.\.\] --runtime/);
    expect(r.stdout).toContain('flb-migrate fluent-bit-configmap.yaml --runtime containerd');
    expect(r.stdout).toContain('flb-migrate k8s/logging/ --runtime containerd --write');
    expect(r.stdout).toContain('| flb-migrate - --runtime cri-o --format github');
    for (const option of ['--fail-on <level>', 'sarif (SARIF 2.1.0)', '--output-file <file>', '--stdin-filepath <name>', '-V, --version', 'FORCE_COLOR', 'GITHUB_STEP_SUMMARY']) {
      expect(r.stdout).toContain(option);
    }
    expect((await runCli([])).stdout).toBe(r.stdout); // no arguments: the same help
  });

  it('prints the version from package.json', async () => {
    const r = await runCli(['--version']);
    expect(r).toMatchObject({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
  });

  it('--help and --version never load the migration library', async () => {
    const cases: Array<[string[], number]> = [[['--help'], 0], [['--version'], 0], [['x', '--runtime', 'docker'], 2]];
    for (const [argv, expected] of cases) {
      const io = new MemoryIo();
      const code = await run(argv, io, { loadMigrate: () => Promise.reject(new Error('must not load')) });
      expect(code).toBe(expected);
      expect(io.stderrText).not.toContain('must not load');
    }
  });

  it.each([
    [[...RT], 'no input paths given'],
    [['a.yaml'], '--runtime is required'],
    [['a.yaml', '--runtime', 'docker'], "invalid --runtime 'docker'"],
    [['a.yaml', ...RT, '--nope'], "Unknown option '--nope'"],
  ])('usage error %j: one message, a hint, exit 2', async (argv, message) => {
    const r = await runCli(argv, { files: { 'a.yaml': UNCHANGED } });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`flb-migrate: ${message}`);
    expect(r.stderr).toContain("Run 'flb-migrate --help' for usage.");
    expect(r.fake.calls).toEqual([]);
  });
});

describe('inputs', () => {
  it('reports a missing path (exit 2) and still processes the others', async () => {
    const r = await runCli(['missing.yaml', 'cm.yaml', ...RT], { files: { 'cm.yaml': configMap('a') } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('missing.yaml: error ENOENT no such file or directory\n');
    expect(r.stdout).toContain('+++ b/cm.yaml');
    expect(r.stderr).toMatch(/1 file would change, 1 change, 0 warnings, 1 error\n$/);
  });

  it('refuses a file above --max-file-size with one line (exit 2), never reads it as text, and still processes the others', async () => {
    const big = configMap('big', `    # ${'x'.repeat(2000)}\n`);
    const r = await runCli(['big.yaml', 'cm.yaml', ...RT, '--max-file-size', '1K'], { files: { 'big.yaml': big, 'cm.yaml': configMap('a') } });
    expect(r.code).toBe(2);
    const size = `${Number((Buffer.byteLength(big) / 1024).toFixed(1))} KiB`;
    expect(r.stderr).toContain(`big.yaml: error FILE_TOO_LARGE is ${size}, above --max-file-size 1 KiB: not read (raise the limit to migrate it)\n`);
    expect(r.stdout).toContain('+++ b/cm.yaml');
    expect(r.stdout).not.toContain('big.yaml');
    expect(r.stderr).toMatch(/1 file would change, 1 change, 0 warnings, 1 error\n$/);
    // Standard input too; at the limit a file is read.
    const stdin = await runCli(['-', ...RT, '--max-file-size', '10'], { stdin: configMap('s') });
    expect(stdin.code).toBe(2);
    expect(stdin.stderr).toContain('error FILE_TOO_LARGE is ');
    const exact = await runCli(['cm.yaml', ...RT, '--max-file-size', String(Buffer.byteLength(configMap('a')))], { files: { 'cm.yaml': configMap('a') } });
    expect(exact.stdout).toContain('+++ b/cm.yaml');
  });

  it('walks directories recursively in name order, skipping node_modules, .git and other extensions', async () => {
    const r = await runCli(['deploy', ...RT], {
      files: {
        'deploy/b.yml': UNCHANGED,
        'deploy/a.yaml': UNCHANGED,
        'deploy/sub/c.json': '{}',
        'deploy/sub/fluent-bit.conf': '[SERVICE]\n',
        'deploy/sub/README.md': '# no',
        'deploy/sub/x.YAML': UNCHANGED,
        'deploy/node_modules/pkg/d.yaml': UNCHANGED,
        'deploy/.git/e.yaml': UNCHANGED,
      },
    });
    expect(r.code).toBe(0);
    expect(r.fake.calls).toEqual([['deploy/a.yaml', 'deploy/b.yml'], ['deploy/sub/c.json', 'deploy/sub/fluent-bit.conf', 'deploy/sub/x.YAML']]);
  });

  it('follows symlinks in a walk, each file and directory once by real path; dangling links are skipped', async () => {
    const r = await runCli(['d', ...RT], {
      files: {
        'real.yaml': UNCHANGED,
        'elsewhere/x.yaml': UNCHANGED,
        'd/a.yaml': UNCHANGED,
        'd/link.yaml': { symlink: '../real.yaml' },
        'd/dirlink': { symlink: '../elsewhere' },
        'd/dangling.yaml': { symlink: 'nowhere.yaml' },
      },
    });
    expect(r.code).toBe(0);
    expect(r.fake.calls).toEqual([['d/a.yaml', 'd/link.yaml'], ['d/dirlink/x.yaml']]);
  });

  it('a symlinked file and its target are one file, reported under the real path when both are walked', async () => {
    const r = await runCli(['d', ...RT], {
      files: { 'd/a-link.yaml': { symlink: 'z-real.yaml' }, 'd/z-real.yaml': UNCHANGED, 'd/sub/b.yaml': UNCHANGED, 'd/a-sub': { symlink: 'sub' } },
    });
    // links come after the real entries: a-link.yaml is z-real.yaml, a-sub is sub
    expect(r.fake.calls).toEqual([['d/sub/b.yaml'], ['d/z-real.yaml']]);
    // an explicit link named before its target gives way to the real path too
    const explicit = await runCli(['d/a-link.yaml', 'd/z-real.yaml', ...RT], { files: { 'd/a-link.yaml': { symlink: 'z-real.yaml' }, 'd/z-real.yaml': UNCHANGED } });
    expect(explicit.fake.calls).toEqual([['d/z-real.yaml']]);
  });

  it('--write writes a file reached through a link inside the tree, never one whose link leads out of it', async () => {
    const r = await runCli(['repo', ...RT, '--write'], {
      files: {
        'repo/a/cm.yaml': configMap('a'),
        'repo/z-alias': { symlink: 'a' },
        'shared/cm.yaml': configMap('shared'),
        'repo/shared': { symlink: '../shared' },
      },
    });
    expect(r.code).toBe(2);
    expect(r.io.read('repo/a/cm.yaml')).not.toBe(configMap('a'));
    expect(r.io.read('shared/cm.yaml')).toBe(configMap('shared'));
    expect(r.stderr).toContain('repo/shared/cm.yaml: error SYMLINK not written: reached through a symbolic link that leads out of the walked tree (to /work/shared/cm.yaml)');
    expect(r.fake.calls).toEqual([['repo/a/cm.yaml'], ['repo/shared/cm.yaml']]);
  });

  it('enters a directory once: a link to an ancestor (a cycle) or a second link to one directory is skipped', async () => {
    const r = await runCli(['d', ...RT], {
      files: {
        'd/a.yaml': UNCHANGED,
        'd/sub/b.yaml': UNCHANGED,
        'd/sub/loop': { symlink: '..' },
        'd/sub/self': { symlink: '.' },
        'd/other': { symlink: 'sub' },
        'd/ping': { symlink: 'pong' },
        'd/pong': { symlink: 'ping' },
      },
    });
    expect(r.code).toBe(0);
    expect(r.fake.calls).toEqual([['d/a.yaml'], ['d/sub/b.yaml']]);
  });

  it('--exclude: a name at any depth, a path from the current directory, a directory-only pattern; repeatable', async () => {
    const files = {
      'deploy/a.yaml': UNCHANGED,
      'deploy/charts/fb/values.yaml': UNCHANGED,
      'deploy/legacy/old.yaml': UNCHANGED,
      'deploy/x/legacy/keep.yaml': UNCHANGED,
      'deploy/x/b.tpl': UNCHANGED,
      'deploy/x/c.conf': UNCHANGED,
      'deploy/y/.hidden.conf': UNCHANGED,
    };
    const byName = await runCli(['deploy', ...RT, '--exclude', 'charts', '--exclude', '*.tpl'], { files });
    expect(byName.fake.calls.flat()).toEqual(['deploy/a.yaml', 'deploy/legacy/old.yaml', 'deploy/x/c.conf', 'deploy/x/legacy/keep.yaml', 'deploy/y/.hidden.conf']);
    const byPath = await runCli(['deploy', ...RT, '--exclude', 'deploy/legacy/', '--exclude=deploy/*/*.conf'], { files });
    expect(byPath.fake.calls.flat()).toEqual(['deploy/a.yaml', 'deploy/charts/fb/values.yaml', 'deploy/x/b.tpl', 'deploy/x/legacy/keep.yaml']);
    const dotfiles = await runCli(['deploy', ...RT, '--exclude', '*.conf'], { files });
    expect(dotfiles.fake.calls.flat()).not.toContain('deploy/y/.hidden.conf');
    // a file named explicitly is always read
    const explicit = await runCli(['deploy/x/b.tpl', ...RT, '--exclude', '*.tpl'], { files });
    expect(explicit.fake.calls).toEqual([['deploy/x/b.tpl']]);
  });

  it('--exclude with an unusable glob is a usage error', async () => {
    const r = await runCli(['d', ...RT, '--exclude', '{a/b,c}'], { files: { 'd/a.yaml': UNCHANGED } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("flb-migrate: --exclude '{a/b,c}': a brace that spans a '/' is not supported");
    expect(r.fake.calls).toEqual([]);
  });

  it('.flbmigrateignore (gitignore syntax): in the walked root, in subdirectories, and above the root up to the current directory', async () => {
    const files = {
      '.flbmigrateignore': '# repo-wide\nvendor/\n',
      'repo/.flbmigrateignore': 'charts/*/templates/\n*.tpl\n/generated.yaml\n!keep.tpl\n',
      'repo/a.yaml': UNCHANGED,
      'repo/generated.yaml': UNCHANGED,
      'repo/sub/generated.yaml': UNCHANGED,
      'repo/charts/fb/values.yaml': UNCHANGED,
      'repo/charts/fb/templates/cm.yaml': UNCHANGED,
      'repo/x/h.tpl': UNCHANGED,
      'repo/x/keep.tpl': UNCHANGED,
      'repo/vendor/v.yaml': UNCHANGED,
      'repo/nested/.flbmigrateignore': '*.json\n',
      'repo/nested/n.json': '{}',
      'repo/nested/n.yaml': UNCHANGED,
      'repo/other.json': '{}',
    };
    const r = await runCli(['repo', ...RT], { files });
    expect(r.code).toBe(0);
    expect(r.fake.calls.flat()).toEqual([
      'repo/a.yaml', 'repo/other.json', 'repo/charts/fb/values.yaml', 'repo/nested/n.yaml', 'repo/sub/generated.yaml', 'repo/x/keep.tpl',
    ]);
    // globs honour the ignore files of their base and above it
    const glob = await runCli(['repo/**/*.yaml', ...RT], { files });
    expect(glob.fake.calls.flat()).toEqual(['repo/a.yaml', 'repo/charts/fb/values.yaml', 'repo/nested/n.yaml', 'repo/sub/generated.yaml']);
  });

  it('a glob whose every match is excluded is an error that says so', async () => {
    const r = await runCli(['m/*.yaml', ...RT, '--exclude', 'a.yaml'], { files: { 'm/a.yaml': UNCHANGED } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('m/*.yaml: error NO_MATCH every file this pattern matches is excluded (--exclude or .flbmigrateignore)');
  });

  it('globs with braces, classes and directory matches (a matched directory is walked whole)', async () => {
    const files = {
      'clusters/eu/logging/cm.yaml': UNCHANGED,
      'clusters/eu/logging/deep/ds.yaml': UNCHANGED,
      'clusters/eu/logging/README.md': '# no',
      'clusters/eu/apps/x.yaml': UNCHANGED,
      'clusters/us/logging/cm.yml': UNCHANGED,
      'clusters/dev1/logging/a.yaml': UNCHANGED,
      'clusters/dev2/logging/a.yaml': UNCHANGED,
      'notes.txt': 'x',
    };
    const dirs = await runCli(['clusters/*/logging', ...RT], { files });
    expect(dirs.code).toBe(0);
    expect(dirs.fake.calls.flat()).toEqual([
      'clusters/dev1/logging/a.yaml', 'clusters/dev2/logging/a.yaml', 'clusters/eu/logging/cm.yaml', 'clusters/eu/logging/deep/ds.yaml', 'clusters/us/logging/cm.yml',
    ]);
    const braces = await runCli(['clusters/{eu,us}/logging/*.{yaml,yml}', ...RT], { files });
    expect(braces.fake.calls.flat()).toEqual(['clusters/eu/logging/cm.yaml', 'clusters/us/logging/cm.yml']);
    const classes = await runCli(['clusters/dev[!1]/**', ...RT], { files });
    expect(classes.fake.calls.flat()).toEqual(['clusters/dev2/logging/a.yaml']);
    // a glob that names an extension takes any such file; one that does not takes walk extensions only
    expect((await runCli(['*.txt', ...RT], { files })).fake.calls).toEqual([['notes.txt']]);
    expect((await runCli(['clusters/eu/logging/*', ...RT], { files })).fake.calls.flat()).toEqual(['clusters/eu/logging/cm.yaml', 'clusters/eu/logging/deep/ds.yaml']);
    // a directory matched but holding nothing to read is an error too, and each NO_MATCH says why
    const empty = await runCli(['clusters/*/apps/*.json', ...RT], { files });
    expect(empty.stderr).toContain('clusters/*/apps/*.json: error NO_MATCH no files match this pattern\n');
    const onlyDirs = await runCli(['clusters/eu/apps', ...RT, '--exclude', 'x.yaml'], { files });
    expect(onlyDirs.code).toBe(0); // a directory argument: nothing to read is no error
    const dirsEmpty = await runCli(['clusters/eu/ap*', ...RT, '--exclude', 'x.yaml'], { files });
    expect(dirsEmpty.stderr).toContain('clusters/eu/ap*: error NO_MATCH every file this pattern matches is excluded');
    const readme = await runCli(['clusters/eu/logging/READ*', ...RT], { files });
    expect(readme.stderr).toContain("clusters/eu/logging/READ*: error NO_MATCH no files match this pattern with a walk extension (.yaml, .yml, .json, .conf, .tpl, .gotmpl, .tmpl, .j2, .jinja, .jinja2, .erb, .epp, .sls, .tf, .tfvars, .hcl, .jsonnet, .libsonnet, .cue, .sh, .bash, .mk, .groovy, Makefile, Dockerfile, Jenkinsfile); to take others, end the pattern with their extension ('*.txt')");
  });

  it('walks Terraform, HCL, Jsonnet and CUE files, shell scripts and Makefiles too (the safety net reads them), not other code', async () => {
    const files = { 'iac/main.tf': 'x', 'iac/prod.tfvars': 'x', 'iac/terragrunt.hcl': 'x', 'iac/logs.jsonnet': 'x', 'iac/lib.libsonnet': 'x', 'iac/flb.cue': 'x', 'iac/index.ts': 'x', 'iac/main.py': 'x' };
    const r = await runCli(['iac', ...RT], { files });
    expect(r.fake.calls.flat()).toEqual(['iac/flb.cue', 'iac/lib.libsonnet', 'iac/logs.jsonnet', 'iac/main.tf', 'iac/prod.tfvars', 'iac/terragrunt.hcl']);
    // Configuration management: Ansible/Salt Jinja, Chef/Puppet ERB, Puppet EPP templates and Salt states.
    const cm = { 'cm/fb.conf.j2': 'x', 'cm/fb.conf.jinja': 'x', 'cm/fb.conf.jinja2': 'x', 'cm/fb.conf.erb': 'x', 'cm/tail.conf.epp': 'x', 'cm/init.sls': 'x', 'cm/default.rb': 'x', 'cm/init.pp': 'x' };
    expect((await runCli(['cm', ...RT], { files: cm })).fake.calls.flat()).toEqual(['cm/fb.conf.erb', 'cm/fb.conf.j2', 'cm/fb.conf.jinja', 'cm/fb.conf.jinja2', 'cm/init.sls', 'cm/tail.conf.epp']);
    // `helm upgrade --set config.inputs=...` lives in deploy scripts and Makefiles.
    const scripts = { 'ops/deploy.sh': 'x', 'ops/lib.bash': 'x', 'ops/Makefile': 'x', 'ops/GNUmakefile': 'x', 'ops/helm.mk': 'x', 'ops/Makefile.old': 'x', 'ops/notes.txt': 'x' };
    const s = await runCli(['ops', ...RT], { files: scripts });
    expect(s.fake.calls.flat()).toEqual(['ops/GNUmakefile', 'ops/Makefile', 'ops/deploy.sh', 'ops/helm.mk', 'ops/lib.bash']);
    // A team's image may copy its config in by name (--to-yaml must not rename it) or write it with RUN.
    const images = { 'img/Dockerfile': 'x', 'img/Containerfile': 'x', 'img/Dockerfile.prod': 'x', 'img/fb.dockerfile': 'x', 'img/dockerfile-notes.txt': 'x', 'img/Dockerfiles': 'x' };
    const d = await runCli(['img', ...RT], { files: images });
    expect(d.fake.calls.flat()).toEqual(['img/Containerfile', 'img/Dockerfile', 'img/Dockerfile.prod', 'img/fb.dockerfile']);
  });

  it("takes the files a walked kustomization's generators read whatever their extension (files, envs, env), not others", async () => {
    const kustomization = [
      'configMapGenerator:',
      '  - name: fb',
      '    files: [fluent-bit.conf=conf/main.cfg, conf/parsers.conf, conf/missing.cfg, conf]',
      '    envs: [conf/fb.env]',
      '  - name: old',
      '    env: old.properties',
      'secretGenerator:',
      '  - name: s',
      '    files: [https://example.com/x.cfg, skipped.cfg]',
    ].join('\n');
    const files = {
      'k/kustomization.yaml': kustomization, 'k/conf/main.cfg': 'x', 'k/conf/parsers.conf': 'x', 'k/conf/fb.env': 'x', 'k/conf/notes.txt': 'x',
      'k/old.properties': 'x', 'k/skipped.cfg': 'x', 'k/.flbmigrateignore': 'skipped.cfg\n',
    };
    const r = await runCli(['k', ...RT], { files });
    expect(r.fake.calls.flat()).toEqual(['k/conf/parsers.conf', 'k/kustomization.yaml', 'k/conf/main.cfg', 'k/conf/fb.env', 'k/old.properties']);
    // a glob chose its files: it takes no more
    expect((await runCli(['k/**/*.yaml', ...RT], { files })).fake.calls.flat()).toEqual(['k/kustomization.yaml']);
  });

  it('takes the files a walked plain config names whatever their extension (@INCLUDE, Parsers_File, lua script, nested, globs), inside the tree only', async () => {
    const main = [
      '[SERVICE]', '    Parsers_File parsers.txt', '    Parsers_File ${DIR}/vars.txt', '@INCLUDE conf.d/*.inc', '@INCLUDE /etc/fluent-bit/abs.inc', '@INCLUDE ../outside.inc',
      '@INCLUDE missing.inc', '@INCLUDE skipped.inc', '[FILTER]', '    Name lua', '    script lua/strip.lua',
    ].join('\n');
    const yamlConfig = 'pipeline:\n  filters:\n    - name: lua\n      script: "y.lua"\n';
    const files = {
      'w/fluent-bit.conf': main, 'w/parsers.txt': 'x', 'w/vars.txt': 'x', 'w/conf.d/a.inc': '@INCLUDE conf.d/nested.cfg\n', 'w/conf.d/b.inc': 'x', 'w/conf.d/nested.cfg': 'x',
      'w/conf.d/other.txt': 'x', 'w/lua/strip.lua': 'x', 'w/skipped.inc': 'x', 'w/.flbmigrateignore': 'skipped.inc\n', 'outside.inc': 'x',
      'y/fluent-bit.conf': yamlConfig, 'y/y.lua': 'x', 'y/unnamed.lua': 'x',
    };
    const r = await runCli(['w', 'y', ...RT], { files });
    expect(r.fake.calls.flat().sort()).toEqual(['w/conf.d/a.inc', 'w/conf.d/b.inc', 'w/conf.d/nested.cfg', 'w/fluent-bit.conf', 'w/lua/strip.lua', 'w/parsers.txt', 'y/fluent-bit.conf', 'y/y.lua']);
    // a glob chose its files, and a file named alone brings no other: both take no more
    expect((await runCli(['w/*.conf', ...RT], { files })).fake.calls.flat()).toEqual(['w/fluent-bit.conf']);
    expect((await runCli(['w/fluent-bit.conf', ...RT], { files })).fake.calls.flat()).toEqual(['w/fluent-bit.conf']);
  });

  it('takes the files a walked YAML-named Fluent Bit config names (lua filter and processor script:, includes:, parsers_file), not those a manifest names', async () => {
    const main = [
      'service:', '  parsers_file: parsers.txt', 'includes:', '  - sub/pipeline.yaml', 'pipeline:', '  inputs:', '    - name: tail',
      '      processors:', '        logs:', '          - name: lua', '            script: proc.lua', '  filters:', '    - name: lua', '      script: lua/strip.lua', '',
    ].join('\n');
    // An included YAML file's script is read against the top config's directory (filter_lua's conf_path).
    const included = 'pipeline:\n  filters:\n    - name: lua\n      script: inc.lua\n';
    const manifest = 'apiVersion: v1\nkind: ConfigMap\ndata:\n  fluent-bit.yaml: |\n    pipeline:\n      filters:\n        - name: lua\n          script: cm.lua\n';
    const files = {
      'y/fluent-bit.yaml': main, 'y/parsers.txt': 'x', 'y/proc.lua': 'x', 'y/lua/strip.lua': 'x', 'y/sub/pipeline.yaml': included, 'y/inc.lua': 'x',
      'y/unnamed.lua': 'x', 'm/configmap.yaml': manifest, 'm/cm.lua': 'x',
    };
    const r = await runCli(['y', 'm', ...RT], { files });
    expect(r.fake.calls.flat().sort()).toEqual(['m/configmap.yaml', 'y/fluent-bit.yaml', 'y/inc.lua', 'y/lua/strip.lua', 'y/parsers.txt', 'y/proc.lua', 'y/sub/pipeline.yaml']);
  });

  it('takes an explicitly named file whatever its extension, and each file once', async () => {
    const r = await runCli(['values.txt', 'values.txt', './values.txt', ...RT], { files: { 'values.txt': UNCHANGED } });
    expect(r.fake.calls).toEqual([['values.txt']]);
  });

  it('expands quoted globs, and a glob matching nothing is an error', async () => {
    const files = { 'm/a.yaml': UNCHANGED, 'm/x/b.yaml': UNCHANGED, 'm/x/c.yml': UNCHANGED, 'm/node_modules/d.yaml': UNCHANGED };
    const r = await runCli(['m/**/*.yaml', ...RT], { files });
    expect(r.code).toBe(0);
    expect(r.fake.calls).toEqual([['m/a.yaml'], ['m/x/b.yaml']]);

    const shallow = await runCli(['m/*.y?ml', ...RT], { files });
    expect(shallow.fake.calls).toEqual([['m/a.yaml']]);

    const none = await runCli(['m/**/*.json', ...RT], { files });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('m/**/*.json: error NO_MATCH no files match this pattern');
  });

  it('groups files by directory across arguments, one migrate() call per directory', async () => {
    const r = await runCli(['a/1.yaml', 'b/1.yaml', 'a/2.yaml', ...RT], {
      files: { 'a/1.yaml': UNCHANGED, 'a/2.yaml': UNCHANGED, 'b/1.yaml': UNCHANGED },
    });
    expect(r.fake.calls).toEqual([['a/1.yaml', 'a/2.yaml'], ['b/1.yaml']]);
  });

  it('reads - from stdin, reported as <stdin>, handed to the library as YAML', async () => {
    const r = await runCli(['-', ...RT], { stdin: configMap('piped') });
    expect(r.code).toBe(0);
    expect(r.fake.calls).toEqual([['<stdin>.yaml']]);
    expect(r.stdout).toMatch(/^--- a\/<stdin>\n\+\+\+ b\/<stdin>\n@@/);
  });

  it('hands stdin over as classic config when it looks like one', async () => {
    const r = await runCli(['-', ...RT], { stdin: '# fluent-bit\n\n[INPUT]\n    Name tail\n    Parser docker\n' });
    expect(r.fake.calls).toEqual([['<stdin>.conf']]);
    expect(r.stdout).toContain('+    multiline.parser docker, cri');
  });

  it('reports an unreadable file without stopping', async () => {
    const r = await runCli(['d', ...RT], {
      files: { 'd/a.yaml': UNCHANGED, 'd/b.yaml': configMap('b') },
      failures: [{ op: 'readFile', path: 'd/a.yaml', code: 'EACCES' }],
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('d/a.yaml: error EACCES permission denied');
    expect(r.fake.calls).toEqual([['d/b.yaml']]);
  });
});

describe('dry run (default)', () => {
  it('prints diffs on stdout, findings and summary on stderr, exit 0', async () => {
    const r = await runCli(['k8s', ...RT], {
      files: { 'k8s/cm.yaml': configMap('fb', 'Docker_Mode On'), 'k8s/svc.yaml': UNCHANGED },
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatchInlineSnapshot(`
      "--- a/k8s/cm.yaml
      +++ b/k8s/cm.yaml
      @@ -7,5 +7,5 @@
           [INPUT]
               Name    tail
               Path    /var/log/containers/*.log
      -        Parser docker
      +        multiline.parser docker, cri
               Docker_Mode On
      "
    `);
    expect(r.stderr).toMatchInlineSnapshot(`
      "k8s/cm.yaml:10:9: change docker-to-cri Parser docker -> multiline.parser
      k8s/cm.yaml:11:9: warning DOCKER_MODE Docker_Mode has no CRI equivalent; review
      1 file would change, 1 change, 1 warning
      "
    `);
    expect(r.io.read('k8s/cm.yaml')).toBe(configMap('fb', 'Docker_Mode On'));
    expect(r.io.calls).toEqual([]);
  });

  it('reports file errors as path:line:col: error CODE message, exit 2', async () => {
    const r = await runCli(['chart.yaml', ...RT], { files: { 'chart.yaml': 'data:\n  x: {{ .Values.x }}\n' } });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('chart.yaml:2:6: error TEMPLATE_SYNTAX Helm template syntax is not YAML\n0 files would change, 0 changes, 0 warnings, 1 error\n');
  });

  it('--quiet drops findings but keeps errors, diffs and the summary', async () => {
    const r = await runCli(['cm.yaml', 'bad.yaml', ...RT, '--quiet'], {
      files: { 'cm.yaml': configMap('fb', 'Docker_Mode On'), 'bad.yaml': '{{ x }}' },
    });
    expect(r.stderr).not.toContain('DOCKER_MODE');
    expect(r.stderr).not.toContain('docker-to-cri');
    expect(r.stderr).toContain('bad.yaml:1:1: error TEMPLATE_SYNTAX');
    expect(r.stderr).toContain('1 file would change, 1 change, 1 warning, 1 error');
    expect(r.stdout).toContain('+++ b/cm.yaml');
  });

  it('writes a big diff in slices of whole lines of about 1 MiB, together the diff (memory: one Buffer per slice)', async () => {
    // Long context lines around few changes: a diff of ~2.4 MB.
    const block = `# ${'x'.repeat(200_000)}\n[INPUT]\n    Name tail\n    Parser docker\n`;
    const text = block.repeat(12);
    const r = await runCli(['big.conf', ...RT], { files: { 'big.conf': text } });
    const expected = r.fake.migrate([{ path: 'big.conf', text }], { runtime: 'containerd' }).files[0]?.diff ?? '';
    expect(expected.length).toBeGreaterThan(2_000_000);
    expect(r.stdout).toBe(expected);
    const writes = r.io.log.filter((w) => w.stream === 'stdout').map((w) => w.text);
    expect(writes.length).toBeGreaterThan(1);
    expect(writes.join('')).toBe(expected);
    for (const w of writes) {
      expect(w.endsWith('\n')).toBe(true);
      expect(w.length).toBeLessThan((1 << 20) + 210_000);
    }
    // With colors too: each line colored as in one write.
    const colored = await runCli(['big.conf', ...RT, '--color'], { files: { 'big.conf': text } });
    expect(colored.io.log.filter((w) => w.stream === 'stdout').length).toBeGreaterThan(1);
    expect(colored.stdout).toContain(`\u001b[32m+    multiline.parser docker, cri\u001b[39m\n`);
    expect(colored.stdout.replace(/\u001b\[\d+m/g, '')).toBe(expected);
  });

  it('writes a --to-yaml rename diff in slices as the library makes them, the same text as the whole diff (toyamlrss3)', async () => {
    // Enough sections for the linear fallback and several writes: the diff is never made whole by the CLI.
    const section = (i: number): string => `[INPUT]\n    Name tail\n    Tag  kube${i}.*\n    Path /var/log/containers/*.log\n    Parser docker\n\n`;
    const text = `[SERVICE]\n    Flush 1\n\n${Array.from({ length: 8_000 }, (_, i) => section(i)).join('')}`;
    const files = { 'conf/fluent-bit.conf': text };
    const { migrate } = await import('../../src/migrate/migrate.js');
    for (const runtime of [RT, []]) {
      const whole = migrate([{ path: 'conf/fluent-bit.conf', text }], { toYaml: true, ...(runtime.length > 0 ? { runtime: 'containerd' as const } : {}) }).files[0];
      const expected = whole?.diff ?? '';
      expect(whole?.renamedTo).toBe('conf/fluent-bit.yaml');
      expect(expected.length).toBeGreaterThan(1_200_000);
      const r = await runCli(['conf/fluent-bit.conf', ...runtime, '--to-yaml'], { files, real: true });
      expect(r.stdout).toBe(expected);
      const writes = r.io.log.filter((w) => w.stream === 'stdout').map((w) => w.text);
      expect(writes.length).toBeGreaterThan(1);
      for (const w of writes) expect(w.endsWith('\n')).toBe(true);
      if (runtime.length === 0) continue;
      // Colored per line as the whole diff is; the JSON report's diff is the same text.
      const colored = await runCli(['conf/fluent-bit.conf', ...runtime, '--to-yaml', '--color'], { files, real: true });
      expect(colored.stdout.replace(/\u001b\[\d+m/g, '')).toBe(expected);
      const json = await runCli(['conf/fluent-bit.conf', ...runtime, '--to-yaml', '--format', 'json'], { files, real: true });
      expect((JSON.parse(json.stdout) as JsonReport).files[0]?.diff).toBe(expected);
    }
  }, 120_000);

  it('passes --runtime, --cri-only, --pod-logs-dir and --keep-docker-mount through to migrate()', async () => {
    const r = await runCli(['cm.yaml', '--runtime', 'cri-o', '--cri-only', '--pod-logs-dir', '/data/pods', '--keep-docker-mount'], {
      files: { 'cm.yaml': configMap('fb') },
    });
    expect(r.fake.options).toEqual([{ runtime: 'cri-o', criOnly: true, podLogsDir: '/data/pods', keepDockerMount: true }]);
    expect(r.stdout).toContain('+        multiline.parser cri');

    const defaults = await runCli(['cm.yaml', ...RT], { files: { 'cm.yaml': configMap('fb') } });
    expect(defaults.fake.options).toEqual([{ runtime: 'containerd', criOnly: false, keepDockerMount: false }]);

    const stated = await runCli(['cm.yaml', ...RT, '--fluent-bit-version', '1.7'], { files: { 'cm.yaml': configMap('fb') } });
    expect(stated.fake.options).toEqual([{ runtime: 'containerd', criOnly: false, keepDockerMount: false, fluentBitVersion: '1.7' }]);
  });
});

describe('color', () => {
  const files = { 'cm.yaml': configMap('fb', 'Docker_Mode On') };
  const ESC = '\u001b[';

  it('is off when NO_COLOR is set, even on a TTY', async () => {
    const r = await runCli(['cm.yaml', ...RT], { files, stdoutIsTTY: true, stderrIsTTY: true });
    expect(r.stdout + r.stderr).not.toContain(ESC);
  });

  it('is on for a TTY without NO_COLOR, off when piped', async () => {
    const tty = await runCli(['cm.yaml', ...RT], { files, stdoutIsTTY: true, stderrIsTTY: true, env: { NO_COLOR: undefined } });
    expect(tty.stdout).toContain(`${ESC}32m+        multiline.parser docker, cri${ESC}39m`);
    expect(tty.stderr).toContain(`${ESC}33mwarning${ESC}39m`);
    const piped = await runCli(['cm.yaml', ...RT], { files, env: { NO_COLOR: undefined } });
    expect(piped.stdout + piped.stderr).not.toContain(ESC);
  });

  it('--color forces it on, --no-color forces it off', async () => {
    const on = await runCli(['cm.yaml', ...RT, '--color'], { files });
    expect(on.stdout).toContain(ESC);
    expect(on.stderr).toContain(ESC);
    const off = await runCli(['cm.yaml', ...RT, '--no-color'], { files, stdoutIsTTY: true, stderrIsTTY: true, env: { NO_COLOR: undefined } });
    expect(off.stdout + off.stderr).not.toContain(ESC);
  });
});

describe('--check', () => {
  it('lists files that would change, exit 1, writes nothing', async () => {
    const r = await runCli(['d', ...RT, '--check'], { files: { 'd/cm.yaml': configMap('fb'), 'd/svc.yaml': UNCHANGED } });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('would change: d/cm.yaml\n');
    expect(r.stderr).toContain('d/cm.yaml:10:9: change docker-to-cri Parser docker -> multiline.parser\n');
    expect(r.stderr).toMatch(/1 file would change, 1 change, 0 warnings\n$/);
    expect(r.io.calls).toEqual([]);
  });

  it('exit 0 when nothing would change', async () => {
    const r = await runCli(['svc.yaml', ...RT, '--check'], { files: { 'svc.yaml': UNCHANGED } });
    expect(r).toMatchObject({ code: 0, stdout: '' });
    expect(r.stderr).toBe('0 files would change, 0 changes, 0 warnings\n');
  });

  it('exit 2 when an input has errors, even with pending changes', async () => {
    const r = await runCli(['cm.yaml', 'bad.yaml', ...RT, '--check'], { files: { 'cm.yaml': configMap('fb'), 'bad.yaml': '{{' } });
    expect(r.code).toBe(2);
  });
});

describe('internal errors', () => {
  it('a migrate() exception is one line, isolated to its file, exit 2', async () => {
    const r = await runCli(['d', ...RT], { files: { 'd/a.yaml': configMap('a'), 'd/b.yaml': 'THROW' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'flb-migrate: internal error: Overlapping edit from tail-path and docker-to-cri (in d/b.yaml) (please report at ',
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toContain('+++ b/d/a.yaml');
  });

  it('an exception outside migrate() still ends as one line and exit 2', async () => {
    const io = new MemoryIo({ files: { 'a.yaml': UNCHANGED } });
    const code = await run(['a.yaml', ...RT], io, { loadMigrate: () => Promise.reject(new Error('boom\nsecond line')) });
    expect(code).toBe(2);
    expect(io.stderrText).toMatch(/^flb-migrate: internal error: boom \(please report at [^\n]+\)\n$/);
  });
});

describe('progress', () => {
  const many = Object.fromEntries(Array.from({ length: 301 }, (_, i) => [`d${i % 7}/f${i}.yaml`, UNCHANGED]));

  it('shows [done/total] on a TTY stderr for more than 300 files and erases it', async () => {
    const r = await runCli(['.', ...RT], { files: many, stderrIsTTY: true });
    expect(r.stderr).toContain('\r[301/301] files');
    expect(r.stderr).toMatch(/\r\u001b\[K0 files would change/);
  });

  it('stays silent when stderr is not a TTY or for 300 files or fewer', async () => {
    expect((await runCli(['.', ...RT], { files: many })).stderr).not.toContain('\r');
    const few = Object.fromEntries(Object.entries(many).slice(0, 300));
    expect((await runCli(['.', ...RT], { files: few, stderrIsTTY: true })).stderr).not.toContain('\r');
  });
});

describe('with the real migrate()', () => {
  it('runs end to end in memory: ConfigMap migrated, stdin passed through', async () => {
    const r = await runCli(['cm.yaml', '-', ...RT, '--format', 'json'], { files: { 'cm.yaml': configMap('fb') }, stdin: UNCHANGED, real: true });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as JsonReport;
    expect(doc.files.map((f) => f.path)).toEqual(['cm.yaml', '<stdin>']);
    expect(doc.files[0]).toMatchObject({ changed: true, errors: [] });
    expect(doc.files[0]?.diff).toContain('+        multiline.parser docker, cri');
    expect(doc.files[1]).toMatchObject({ changed: false, diff: '', errors: [] });
    expect(doc.summary).toMatchObject({ files: 2, changed: 1, errors: 0 });
  });

  it('--check exits 1 and --write then leaves nothing to do', async () => {
    const io = new MemoryIo({ files: { 'k8s/cm.yaml': configMap('fb') } });
    expect(await run(['k8s', ...RT, '--check'], io)).toBe(1);
    expect(await run(['k8s', ...RT, '--write'], io)).toBe(0);
    expect(io.read('k8s/cm.yaml')).toContain('multiline.parser docker, cri');
    expect(await run(['k8s', ...RT, '--check'], io)).toBe(0);
  });
});
