import { describe, expect, it } from 'vitest';
import { discoverFile } from '../../src/discover/discover-file.js';
import type { EmbeddedConfig } from '../../src/discover/discovery-types.js';
import { yamlEnv } from '../../src/includes/yaml-refs.js';
import { migrate } from '../../src/migrate/migrate.js';
import { readBatch } from '../../src/migrate/read-batch.js';
import { configMapOf } from '../helpers/manifests.js';

/*
 * The container walk from a YAML `-c` file (NOTES "YAML configs in the
 * container walk (`yamlgraph`)"): `includes:` read where they stand,
 * relative to the including file; `service.parsers_file` (of the main file
 * or of an included one) loaded as for classic, expanded with the setup's
 * `env:`; the `parsers:` / `multiline_parsers:` of every file read as
 * config loaded after every parsers file (flb_config.c
 * flb_config_load_config_format: service properties, then
 * flb_parser_load_parser_definitions on the merged config).
 */

const cm = configMapOf;
const ds = (args: string, image = 'fluent/fluent-bit:3.1.4'): string => `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: fb
spec:
  template:
    spec:
      containers:
      - name: fluent-bit
        image: ${image}
        args: ${args}
        volumeMounts:
        - name: config
          mountPath: /fluent-bit/etc/
        - name: varlog
          mountPath: /var/log
      volumes:
      - name: config
        configMap:
          name: fb
      - name: varlog
        hostPath:
          path: /var/log
`;
const MAIN = '["-c", "/fluent-bit/etc/fluent-bit.yaml"]';
const CRI_LOG_CONF = '[PARSER]\n    Name   cri\n    Format regex\n    Regex  ^(?<time>[^ ]+) (?<stream>stdout|stderr) (?<logtag>[^ ]*) (?<log>.*)$\n';
const CRI_LOG_YAML = "parsers:\n  - name: cri\n    format: regex\n    regex: '^(?<time>[^ ]+) (?<stream>stdout|stderr) (?<logtag>[^ ]*) (?<log>.*)$'\n";
const TAIL_CRI = 'pipeline:\n  inputs:\n    - name: tail\n      path: /var/log/containers/*.log\n      parser: cri\n';

function containerOf(files: Record<string, string>, args = MAIN) {
  const state = readBatch([{ path: 'cm.yaml', text: cm(files) }, { path: 'ds.yaml', text: ds(args) }], { fluentBitVersion: undefined });
  const c = state.deployment.containers.find((x) => x.name === 'fluent-bit');
  if (!c) throw new Error('no container');
  return {
    configs: c.configs.map((x) => x.name),
    parsersFiles: c.parsersFiles.map((f) => `${f.inline === true ? 'inline' : f.lookup.kind}:${f.path}`),
  };
}

function run(files: Record<string, string>, args = MAIN) {
  const r = migrate([{ path: 'cm.yaml', text: cm(files) }, { path: 'ds.yaml', text: ds(args) }], { runtime: 'containerd' });
  const cmFile = r.files.find((f) => f.path === 'cm.yaml');
  return { changed: cmFile?.changed ?? false, findings: r.files.flatMap((f) => f.findings.map((x) => `${x.ruleId}:${x.severity}`)), output: cmFile?.output };
}

describe('walkContainerConfigs from a YAML -c file', () => {
  it('loads service.parsers_file against the main file, then the inline parsers of every file read as config', () => {
    const c = containerOf({
      'fluent-bit.yaml': `service:\n  parsers_file: custom_parsers.conf\nincludes:\n  - inputs.yaml\n${TAIL_CRI}parsers:\n  - name: mine\n    format: json\n`,
      'inputs.yaml': 'multiline_parsers:\n  - name: ml\n    type: regex\n    rules:\n      - state: start_state\n        regex: /a/\n        next_state: start_state\n',
      'custom_parsers.conf': CRI_LOG_CONF,
    });
    expect(c.parsersFiles).toEqual(['config:/fluent-bit/etc/custom_parsers.conf', 'inline:/fluent-bit/etc/fluent-bit.yaml', 'inline:/fluent-bit/etc/inputs.yaml']);
    expect(c.configs.slice(0, 3)).toEqual(['fluent-bit.yaml', 'custom_parsers.conf', 'inputs.yaml']);
  });

  it('follows includes relative to the including file, and their parsers_file against the -c file, in reading order', () => {
    // Two ConfigMaps: /fluent-bit/etc (main) and /fluent-bit/etc/conf (its includes).
    const sub = cm({
      'service.yaml': 'includes:\n  - nested.yaml\nservice:\n  parsers_file: second.conf\n',
      'nested.yaml': 'service:\n  parsers_file: first.conf\n',
    }).replace('name: fb', 'name: fb-conf');
    const dsText = ds(MAIN).replace('        - name: varlog\n', '        - name: conf\n          mountPath: /fluent-bit/etc/conf\n        - name: varlog\n').replace('      - name: varlog\n        hostPath', '      - name: conf\n        configMap:\n          name: fb-conf\n      - name: varlog\n        hostPath');
    const main = cm({
      'fluent-bit.yaml': 'includes:\n  - conf/service.yaml\n',
      // nested.yaml in the main's directory: a classic-style resolution against the -c file's directory would pick it.
      'nested.yaml': 'service:\n  parsers_file: wrong.conf\n',
      'first.conf': CRI_LOG_CONF,
      'second.conf': CRI_LOG_CONF,
      'wrong.conf': CRI_LOG_CONF,
    });
    const state = readBatch([{ path: 'cm.yaml', text: main }, { path: 'sub.yaml', text: sub }, { path: 'ds.yaml', text: dsText }], { fluentBitVersion: undefined });
    const c = state.deployment.containers.find((x) => x.name === 'fluent-bit');
    expect(c?.parsersFiles.map((f) => `${f.lookup.kind}:${f.path}`)).toEqual(['config:/fluent-bit/etc/first.conf', 'config:/fluent-bit/etc/second.conf']);
    expect(c?.configs.slice(0, 5).map((x) => `${x.path}:${x.name}`)).toEqual(['cm.yaml:fluent-bit.yaml', 'sub.yaml:service.yaml', 'sub.yaml:nested.yaml', 'cm.yaml:first.conf', 'cm.yaml:second.conf']);
  });

  it('an include Fluent Bit cannot open loads nothing from it', () => {
    const c = containerOf({ 'fluent-bit.yaml': 'includes:\n  - conf/service.yaml\n', 'service.yaml': 'service:\n  parsers_file: custom_parsers.conf\n', 'custom_parsers.conf': CRI_LOG_CONF });
    expect(c.parsersFiles).toEqual([]);
  });

  it('expands parsers_file with env: of any file of the setup', () => {
    const c = containerOf({
      'fluent-bit.yaml': 'env:\n  PARSERS: custom_parsers.conf\nincludes:\n  - service.yaml\n',
      'service.yaml': 'service:\n  parsers_file: ${PARSERS}\n',
      'custom_parsers.conf': CRI_LOG_CONF,
    });
    expect(c.parsersFiles).toEqual(['config:/fluent-bit/etc/custom_parsers.conf']);
  });

  it('reads a YAML parsers file (parsers_file: parsers.yaml) and an include glob', () => {
    const c = containerOf({
      'fluent-bit.yaml': 'service:\n  parsers_file: parsers.yaml\nincludes:\n  - in-*.yaml\n',
      'in-a.yaml': 'service:\n  parsers_file: /fluent-bit/etc/more.conf\n',
      'parsers.yaml': CRI_LOG_YAML,
      'more.conf': CRI_LOG_CONF,
    });
    expect(c.parsersFiles).toEqual(['config:/fluent-bit/etc/parsers.yaml', 'config:/fluent-bit/etc/more.conf']);
  });

  it('does not walk a classic file a YAML config includes (Fluent Bit refuses it)', () => {
    const c = containerOf({
      'fluent-bit.yaml': 'includes:\n  - service.conf\n',
      'service.conf': '[SERVICE]\n    Parsers_File custom_parsers.conf\n',
      'custom_parsers.conf': CRI_LOG_CONF,
    });
    expect(c.parsersFiles).toEqual([]);
  });
});

describe('what a YAML main file loads decides the rules', () => {
  it('an own cri parser capturing log, loaded by parsers_file, is kept (as for classic)', () => {
    const r = run({ 'fluent-bit.yaml': `service:\n  parsers_file: custom_parsers.conf\n${TAIL_CRI}`, 'custom_parsers.conf': CRI_LOG_CONF });
    expect(r.changed).toBe(false);
    expect(r.findings).toContain('tail-parser:info');
  });

  it('an own cri parser defined inline in the main file, or in an included file, is kept', () => {
    expect(run({ 'fluent-bit.yaml': TAIL_CRI + CRI_LOG_YAML }).changed).toBe(false);
    expect(run({ 'fluent-bit.yaml': `includes:\n  - parsers.yaml\n${TAIL_CRI}`, 'parsers.yaml': CRI_LOG_YAML }).changed).toBe(false);
  });

  it("an included file's service.parsers_file counts", () => {
    expect(run({ 'fluent-bit.yaml': `includes:\n  - service.yaml\n${TAIL_CRI}`, 'service.yaml': 'service:\n  parsers_file: custom_parsers.conf\n', 'custom_parsers.conf': CRI_LOG_CONF }).changed).toBe(false);
  });

  it('a JSON parser of a YAML parsers file on a container input is reported', () => {
    const r = run({ 'fluent-bit.yaml': 'service:\n  parsers_file: parsers.yaml\npipeline:\n  inputs:\n    - name: tail\n      path: /var/log/containers/*.log\n      parser: myjson\n', 'parsers.yaml': 'parsers:\n  - name: myjson\n    format: json\n' });
    expect(r.findings).toContain('container-json-parser:warning');
  });
});

describe('yamlEnv (the env: the container walk expands parsers_file with)', () => {
  const cfg = (text: string): EmbeddedConfig => {
    const c = discoverFile({ path: 'fluent-bit.yaml', text }).configs[0];
    if (!c) throw new Error('no config');
    return c;
  };
  it('reads values as written and trimmed, every document, skips null values and non-scalars', () => {
    const c = cfg("env:\n  A: 0755\n  B: ' x '\n  C:\n  D: [1]\npipeline:\n  inputs:\n    - name: dummy\n---\nENV:\n  E: on\n");
    expect(yamlEnv(c)).toEqual([{ name: 'A', value: '0755' }, { name: 'B', value: 'x' }, { name: 'E', value: 'on' }]);
  });
  it('reads nothing of a text with a YAML error, as the view', () => {
    expect(yamlEnv({ ...cfg('env:\n  A: 1\n'), text: 'env:\n  A: 1\npipeline: [\n' })).toEqual([]);
  });
});
