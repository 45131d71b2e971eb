import { describe, expect, it } from 'vitest';
import { discoverFile } from '../../src/discover/discover-file.js';
import type { Discovery } from '../../src/discover/discovery-types.js';
import { walkBatchIncludes } from '../../src/includes/include-diagnostics.js';
import { yamlFileRefs } from '../../src/includes/yaml-refs.js';
import { migrate } from '../../src/migrate/migrate.js';
import { parseDiscoveredConfigs } from '../../src/model/parse-configs.js';
import { LineIndex } from '../../src/source/line-index.js';
import { readJsonl, type Probe } from '../convert/helpers/conformance.js';

/*
 * YAML `includes:` in the include walk (includes/yaml-refs.ts,
 * walk-includes.ts): relative to the including file, a classic target
 * refused in both files, missing targets as for classic, setups joined
 * across directories. The conformance probes that involve includes
 * (`include-*` in ../shared/conformance/yaml-probes.jsonl, walked) are
 * compared with Fluent Bit's verdicts. Golden cases:
 * fixtures/sources/yaml-includes.
 */

type Files = Record<string, string>;

function read(files: Files): Discovery[] {
  return Object.entries(files).map(([path, text]) => discoverFile({ path, text }));
}

/** `path:line:col severity code` of the include walk over a batch of plain files. */
function walk(files: Files): { found: string[]; links: string[][] } {
  const discoveries = read(files);
  const result = walkBatchIncludes(discoveries, parseDiscoveredConfigs(discoveries));
  const found = result.diagnostics.map((d) => {
    const p = new LineIndex(files[d.path] as string).position(d.start);
    return `${d.path}:${p.line}:${p.column} ${d.severity} ${d.code}`;
  });
  return { found, links: result.links.map((l) => [...l]) };
}

describe('yamlFileRefs', () => {
  it('reads includes items and service.parsers_file, case-insensitively, at their scalars, over every document', () => {
    const text = 'Includes:\n  - a.yaml\n  - "b c.yaml"\nSERVICE:\n  Parsers_File: parsers.conf\n---\nincludes:\n  - d.yaml\n';
    const d = discoverFile({ path: 'fluent-bit.yaml', text });
    const cfg = d.configs[0]!;
    const refs = yamlFileRefs(cfg);
    expect(refs.includes.map((r) => [r.path, cfg.text.slice(r.start, r.end)])).toEqual([
      ['a.yaml', 'a.yaml'],
      ['b c.yaml', '"b c.yaml"'],
      ['d.yaml', 'd.yaml'],
    ]);
    expect(refs.parsersFiles.map((r) => r.path)).toEqual(['parsers.conf']);
  });

  it('gives nothing for a config without includes, a classic config, or shapes Fluent Bit refuses', () => {
    const plain = discoverFile({ path: 'x.yaml', text: 'pipeline:\n  inputs:\n    - name: dummy\n' }).configs[0]!;
    expect(yamlFileRefs(plain)).toEqual({ includes: [], parsersFiles: [] });
    const classic = discoverFile({ path: 'x.conf', text: '@INCLUDE a.conf\n[INPUT]\n    Name dummy\n' }).configs[0]!;
    expect(yamlFileRefs(classic).includes).toEqual([]);
    const scalar = discoverFile({ path: 'y.yaml', text: 'includes: a.yaml\npipeline:\n  inputs:\n    - name: dummy\n' });
    for (const c of scalar.configs) expect(yamlFileRefs(c).includes).toEqual([]);
  });
});

describe('the include walk over YAML includes', () => {
  it('resolves a nested include relative to the including file, and links every file reached', () => {
    const { found, links } = walk({
      'fluent-bit.yaml': 'includes:\n  - sub/a.yaml\npipeline:\n  inputs:\n    - name: dummy\n',
      'sub/a.yaml': 'includes:\n  - b.yaml\n',
      'sub/b.yaml': 'env:\n  X: y\n',
    });
    expect(found).toEqual([]);
    expect(links[0]).toEqual(['fluent-bit.yaml', 'sub/a.yaml', 'sub/b.yaml']);
  });

  it('refuses a classic target in both files, at the include and at the line Fluent Bit names', () => {
    const { found } = walk({
      'fluent-bit.yaml': 'pipeline:\n  inputs:\n    - name: dummy\nincludes:\n  - out.conf\n',
      'out.conf': '# outputs\n\n[OUTPUT]\n    Name stdout\n    Match *\n',
    });
    expect(found).toEqual(['out.conf:3:1 error YAML_SYNTAX', 'fluent-bit.yaml:5:5 error YAML_SYNTAX']);
  });

  it('reads a .conf target holding YAML as YAML', () => {
    const { found } = walk({
      'fluent-bit.yaml': 'includes:\n  - out.conf\npipeline:\n  inputs:\n    - name: dummy\n',
      'out.conf': 'pipeline:\n  outputs:\n    - name: stdout\n      match: "*"\n',
    });
    expect(found).toEqual([]);
  });

  it('reports missing targets as classic does: a file is info, a glob without a match a warning, a cycle an error', () => {
    const { found } = walk({
      'fluent-bit.yaml': 'includes:\n  - nope.yaml\n  - conf.d/*.yaml\n  - ${INC}.yaml\n  - self.yaml\npipeline:\n  inputs:\n    - name: dummy\n',
      'self.yaml': 'includes:\n  - fluent-bit.yaml\n',
    });
    expect(found).toEqual([
      'fluent-bit.yaml:2:5 info INCLUDE_NOT_FOUND',
      'fluent-bit.yaml:3:5 warning INCLUDE_GLOB_NO_MATCH',
      'fluent-bit.yaml:4:5 info INCLUDE_NOT_FOUND',
      'self.yaml:2:5 error INCLUDE_CYCLE',
      // Nothing includes either file of the cycle, so both are top-level files (rootWalks): the cycle's other edge.
      'fluent-bit.yaml:5:5 error INCLUDE_CYCLE',
    ]);
  });

  it('resolves ConfigMap keys as one directory, an env-only key included', () => {
    const text = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: cfg',
      'data:',
      '  fluent-bit.yaml: |',
      '    includes:',
      '      - env.yaml',
      '    pipeline:',
      '      inputs:',
      '        - name: ${IN}',
      '  env.yaml: |',
      '    env:',
      '      IN: dummy',
      '',
    ].join('\n');
    const discoveries = read({ 'cm.yaml': text });
    expect(discoveries[0]!.configs.map((c) => `${c.name} ${c.format}`)).toEqual(['fluent-bit.yaml yaml', 'env.yaml yaml']);
    const result = walkBatchIncludes(discoveries, parseDiscoveredConfigs(discoveries));
    expect(result.diagnostics).toEqual([]);
    expect(result.links.map((l) => l.length)).toEqual([2]);
  });
});

describe('setups joined by includes', () => {
  it('resolves an included file\'s ${VAR} from the env of the file that includes it, in another directory', () => {
    const files = [
      { path: 'fluent-bit.yaml', text: 'env:\n  IN: tail\nincludes:\n  - conf/in.yaml\npipeline:\n  outputs:\n    - name: stdout\n      match: "*"\n' },
      { path: 'conf/in.yaml', text: 'pipeline:\n  inputs:\n    - name: ${IN}\n      path: /var/log/containers/*.log\n      parser: docker\n' },
    ];
    const result = migrate(files, { runtime: 'containerd' });
    const input = result.files.find((f) => f.path === 'conf/in.yaml')!;
    expect(input.findings.map((f) => f.ruleId)).toContain('tail-parser');
    expect(input.findings.map((f) => f.ruleId)).not.toContain('unresolved-variable');
    // Without the include the two directories are two setups: IN is unknown there.
    const alone = migrate([files[0]!, { ...files[1]!, path: 'other/in.yaml' }], { runtime: 'containerd' });
    expect(alone.files[1]!.findings.map((f) => f.ruleId)).toContain('unresolved-variable');
  });
});

describe('the yaml-probes that involve includes (walked)', () => {
  const probes = readJsonl<Probe>('yaml-probes.jsonl').filter((p) => p.id.startsWith('include-'));

  it('has probes', () => {
    expect(probes.length).toBeGreaterThan(0);
  });

  /*
   * Fluent Bit refuses a missing target; we report it as INCLUDE_NOT_FOUND
   * (info: the image may supply a file we were not given), as for classic
   * @INCLUDE. Every other verdict is Fluent Bit's: an accepted probe gets no
   * error and no include diagnostic, a refused one an error.
   */
  for (const probe of probes) {
    it(`${probe.id}: ${probe.fluentbit.verdict}`, () => {
      const discoveries = read(probe.files);
      const walked = walkBatchIncludes(discoveries, parseDiscoveredConfigs(discoveries));
      const all = [...discoveries.flatMap((d) => d.diagnostics.map((x) => ({ ...x, path: d.path }))), ...walked.diagnostics];
      const errors = all.filter((d) => d.severity === 'error');
      if (probe.fluentbit.verdict === 'accept') {
        expect(errors).toEqual([]);
        expect(walked.diagnostics).toEqual([]);
        // Everything the probe gives is reached from its main file.
        const main = walked.links.find((l) => l[0] === probe.main) ?? [probe.main];
        expect([...main].sort()).toEqual(Object.keys(probe.files).filter((f) => !f.endsWith('.conf')).sort());
      } else if (errors.length === 0) {
        expect(walked.diagnostics.map((d) => d.code)).toContain('INCLUDE_NOT_FOUND');
        expect(probe.fluentbit.message).toMatch(/No such file or directory/);
      } else {
        // Fluent Bit's words name the file and line it fails in: our error is there.
        const m = /YAML error found in file "([^"]+)", line (\d+)/.exec(probe.fluentbit.message ?? '');
        if (m) {
          const at = errors.find((e) => e.path === m[1]);
          expect(at, JSON.stringify(errors)).toBeDefined();
          expect(new LineIndex(probe.files[m[1]!] as string).position(at!.start).line).toBe(Number(m[2]));
        }
      }
    });
  }
});
