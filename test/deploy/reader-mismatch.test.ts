import { describe, expect, it } from 'vitest';
import { migrate } from '../../src/migrate/migrate.js';
import { readerByName } from '../../src/source/sniff-format.js';
import { configMapOf, daemonSetOf } from '../helpers/manifests.js';

/*
 * CONFIG_READER_MISMATCH (deploy/reader-mismatch.ts, includes/walk-includes.ts):
 * Fluent Bit picks the reader of the file it opens by name (-c, parsers_file)
 * by the name, and reads an @INCLUDE as classic; we read a text by its
 * content. The golden cases are fixtures/sources/reader-by-name.
 */

const YAML = 'service:\n  flush: 1\npipeline:\n  inputs:\n    - name: dummy\n  outputs:\n    - name: stdout\n      match: "*"\n';
const CLASSIC = '[SERVICE]\n    Flush 1\n[INPUT]\n    Name dummy\n[OUTPUT]\n    Name stdout\n    Match *\n';

const cm = configMapOf;

const ds = daemonSetOf;

/** `path:line message` of every CONFIG_READER_MISMATCH of a batch. */
function mismatches(files: Record<string, string>, version?: string): string[] {
  const out = migrate(Object.entries(files).map(([path, text]) => ({ path, text })), { runtime: 'containerd', ...(version ? { fluentBitVersion: version } : {}) });
  return out.files.flatMap((f) => f.diagnostics.filter((d) => d.code === 'CONFIG_READER_MISMATCH').map((d) => `${f.path}:${d.line} ${d.message}`));
}

describe('readerByName (flb_cf_create_from_file)', () => {
  it('.yaml/.yml in any case is YAML; every other name, no extension or a dot in a folder is classic', () => {
    for (const p of ['a.yaml', '/x/A.YML', '/x/fluent-bit.Yaml', '.yaml']) expect(readerByName(p), p).toBe('yaml');
    for (const p of ['a.conf', '/etc/fluent.d/fluent-bit', '/x.yaml/fluent-bit', 'a.yaml.conf', 'a.json', 'a.yaml.j2']) expect(readerByName(p), p).toBe('classic');
  });
});

describe('a container opens the config by its -c path', () => {
  it('a .conf key holding YAML mounted as a directory and run under that name: a warning at its first line, naming the container and path', () => {
    const out = mismatches({ 'cm.yaml': cm({ 'fluent-bit.conf': YAML }), 'ds.yaml': ds({ args: ['-c', '/fluent-bit/etc/fluent-bit.conf'] }) });
    expect(out).toEqual([expect.stringMatching(/^cm\.yaml:7 'fluent-bit\.conf' is a YAML config, but DaemonSet fluent-bit runs it as '\/fluent-bit\/etc\/fluent-bit\.conf' \(-c\): .*reads a name without \.yaml\/\.yml as classic, so it refuses to start; mount it under a \.yaml name/)]);
  });

  it("the image's default -c (/fluent-bit/etc/fluent-bit.conf) counts", () => {
    expect(mismatches({ 'cm.yaml': cm({ 'fluent-bit.conf': YAML }), 'ds.yaml': ds() })).toHaveLength(1);
  });

  it('the name the container sees decides: a subPath or items rename to .yaml, run under it, is fine', () => {
    expect(mismatches({ 'cm.yaml': cm({ 'fluent-bit.conf': YAML }), 'ds.yaml': ds({ args: ['-c', '/fluent-bit/etc/fluent-bit.yaml'], mount: '/fluent-bit/etc/fluent-bit.yaml', subPath: 'fluent-bit.conf' }) })).toEqual([]);
    expect(mismatches({ 'cm.yaml': cm({ 'fluent-bit.conf': YAML }), 'ds.yaml': ds({ args: ['--config=/fluent-bit/etc/fluent-bit.yml'], items: [['fluent-bit.conf', 'fluent-bit.yml']] }) })).toEqual([]);
    // And the other way round: a .yaml key renamed to a .conf path is read as classic.
    expect(mismatches({ 'cm.yaml': cm({ 'fluent-bit.yaml': YAML }), 'ds.yaml': ds({ args: ['-c', '/fluent-bit/etc/main.conf'], items: [['fluent-bit.yaml', 'main.conf']] }) })).toEqual([
      expect.stringContaining("'fluent-bit.yaml' is a YAML config, but DaemonSet fluent-bit runs it as '/fluent-bit/etc/main.conf' (-c)"),
    ]);
  });

  it('a .yaml key holding classic text run under that name', () => {
    expect(mismatches({ 'cm.yaml': cm({ 'fluent-bit.yaml': CLASSIC }), 'ds.yaml': ds({ args: ['-c', '/fluent-bit/etc/fluent-bit.yaml'] }) })).toEqual([
      expect.stringContaining("'fluent-bit.yaml' is a classic config, but DaemonSet fluent-bit runs it as '/fluent-bit/etc/fluent-bit.yaml' (-c): Fluent Bit picks the reader by the name and reads a .yaml/.yml name as YAML"),
    ]);
  });

  it('matching names say nothing', () => {
    expect(mismatches({ 'cm.yaml': cm({ 'fluent-bit.yaml': YAML }), 'ds.yaml': ds({ args: ['-c', '/fluent-bit/etc/fluent-bit.yaml'] }) })).toEqual([]);
    expect(mismatches({ 'cm.yaml': cm({ 'fluent-bit.conf': CLASSIC }), 'ds.yaml': ds() })).toEqual([]);
  });

  it('a key the container mounts but does not open by name (not -c, not a parsers file, not included) says nothing', () => {
    expect(mismatches({ 'cm.yaml': cm({ 'fluent-bit.conf': CLASSIC, 'spare.conf': YAML }), 'ds.yaml': ds() })).toEqual([]);
  });

  it('a Fluent Bit below 2.0 is left out (no YAML format; before 1.9 every name was classic)', () => {
    expect(mismatches({ 'cm.yaml': cm({ 'fluent-bit.yaml': CLASSIC }), 'ds.yaml': ds({ image: 'fluent/fluent-bit:1.8.15', args: ['-c', '/fluent-bit/etc/fluent-bit.yaml'] }) })).toEqual([]);
    // A YAML text it runs is not among its configs (no YAML format before 2.0): still not judged by its own name.
    expect(mismatches({ 'cm.yaml': cm({ 'fluent-bit.conf': YAML }), 'ds.yaml': ds({ image: 'fluent/fluent-bit:1.8.15' }) })).toEqual([]);
  });

  it('an init container is not judged (as for INCLUDE_NOT_IN_MOUNT)', () => {
    expect(mismatches({ 'cm.yaml': cm({ 'fluent-bit.yaml': CLASSIC }), 'ds.yaml': ds({ init: true, args: ['-c', '/fluent-bit/etc/fluent-bit.yaml'] }) })).toEqual([]);
  });
});

describe('parsers_file targets are opened by name', () => {
  it('a YAML parsers file under a .conf name, and a classic one under a .yaml name', () => {
    const yamlMain = 'service:\n  flush: 1\n  parsers_file: custom.conf\npipeline:\n  inputs:\n    - name: dummy\n';
    expect(mismatches({ 'cm.yaml': cm({ 'fluent-bit.yaml': yamlMain, 'custom.conf': 'parsers:\n  - name: x\n    format: json\n' }), 'ds.yaml': ds({ args: ['-c', '/fluent-bit/etc/fluent-bit.yaml'] }) })).toEqual([
      expect.stringContaining("'custom.conf' is a YAML config, but DaemonSet fluent-bit loads it as '/fluent-bit/etc/custom.conf' (parsers_file)"),
    ]);
    const classicMain = '[SERVICE]\n    Parsers_File custom.yaml\n[INPUT]\n    Name dummy\n';
    expect(mismatches({ 'cm.yaml': cm({ 'fluent-bit.conf': classicMain, 'custom.yaml': '[PARSER]\n    Name x\n    Format json\n' }), 'ds.yaml': ds() })).toEqual([
      expect.stringContaining("'custom.yaml' is a classic config, but DaemonSet fluent-bit loads it as '/fluent-bit/etc/custom.yaml' (parsers_file)"),
    ]);
  });
});

describe('includes: the include picks the reader, not the name', () => {
  it('a .conf holding YAML that a YAML config includes: nothing', () => {
    expect(mismatches({ 'fluent-bit.yaml': 'includes:\n  - more.conf\nservice:\n  flush: 1\n', 'more.conf': YAML.replace('service:\n  flush: 1\n', '') })).toEqual([]);
  });

  it('a YAML text a classic config @INCLUDEs, whatever its name: a warning at the included text', () => {
    const main = '[SERVICE]\n    Flush 1\n@INCLUDE out.yaml\n[INPUT]\n    Name dummy\n';
    expect(mismatches({ 'fluent-bit.conf': main, 'out.yaml': 'pipeline:\n  outputs:\n    - name: stdout\n      match: "*"\n' })).toEqual([
      expect.stringContaining("out.yaml:1 'out.yaml' is a YAML config, but 'fluent-bit.conf' reads it with @INCLUDE, which Fluent Bit always reads as classic"),
    ]);
  });

  it('a .yaml key holding classic text that a classic config @INCLUDEs is read as classic: nothing', () => {
    const main = '[SERVICE]\n    Flush 1\n@INCLUDE out.yaml\n[INPUT]\n    Name dummy\n';
    expect(mismatches({ 'cm.yaml': cm({ 'fluent-bit.conf': main, 'out.yaml': '[OUTPUT]\n    Name stdout\n    Match *\n' }) })).toEqual([]);
  });
});

describe('no workload: the own name decides', () => {
  it('a standalone .conf file holding YAML, and a ConfigMap key', () => {
    expect(mismatches({ 'fluent-bit.conf': YAML })).toEqual([expect.stringContaining("fluent-bit.conf:1 'fluent-bit.conf' is a YAML config, and no workload in the input runs it")]);
    expect(mismatches({ 'cm.yaml': cm({ 'fluent-bit.conf': YAML }) })).toEqual([expect.stringContaining('so run under this key name it refuses to start; rename it to .yaml')]);
    expect(mismatches({ 'cm.yaml': cm({ 'fluent-bit.yaml': CLASSIC }) })).toEqual([expect.stringContaining("'fluent-bit.yaml' is a classic config, and no workload in the input runs it")]);
  });

  it('a standalone .yaml file holding classic text: the YAML_SYNTAX error stands, the warning says why', () => {
    const out = migrate([{ path: 'fluent-bit.yml', text: CLASSIC }], { runtime: 'containerd' }).files[0];
    expect(out?.diagnostics.map((d) => `${d.code} ${d.line}`).sort()).toEqual(['CONFIG_READER_MISMATCH 1', 'YAML_SYNTAX 2']);
  });

  it('a second run says the same and edits nothing', () => {
    const files = [{ path: 'fluent-bit.conf', text: YAML.replace('name: dummy', 'name: tail\n      path: /var/lib/docker/containers/*/*.log') }];
    const first = migrate(files, { runtime: 'containerd' }).files[0];
    const second = migrate([{ path: 'fluent-bit.conf', text: first?.output ?? '' }], { runtime: 'containerd' }).files[0];
    expect(first?.changed).toBe(true);
    expect(second?.changed).toBe(false);
    expect(second?.diagnostics.map((d) => d.message)).toEqual(first?.diagnostics.map((d) => d.message));
  });
});
