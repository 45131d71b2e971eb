import { describe, expect, it } from 'vitest';
import { checkInvariants } from '../../src/migrate/invariants.js';
import { readBatch } from '../../src/migrate/read-batch.js';
import { resolveOptions } from '../../src/migrate/options.js';
import type { Edit } from '../../src/source/edit.js';
import { migrate } from '../../src/migrate/migrate.js';
import { invariantConfigMap, invariantDaemonSet, TAIL } from '../helpers/invariant-batch.js';

/*
 * The invariants of a migrated batch, each broken on purpose: checkInvariants
 * is given a batch and a hand-made "migrated" version of it. The golden and
 * corpus tests show the other side: real migrations break none.
 */

const OPTIONS = resolveOptions({ runtime: 'containerd' });
const state = (files: Record<string, string>) => readBatch(Object.entries(files).map(([path, text]) => ({ path, text })), { fluentBitVersion: undefined });

const cm = invariantConfigMap;
const ds = invariantDaemonSet;

const codes = (d: { code: string; path: string }[]): string[] => d.map((x) => `${x.path} ${x.code}`).sort();
const edit = (path: string, text: string, find: string, replace: string): [string, Edit[]] => {
  const start = text.indexOf(find);
  return [path, [{ start, end: start + find.length, text: replace, origin: 'test' }]];
};

describe('invariants', () => {
  it('(b) a parser the migration names must be defined where the container loads it', () => {
    const before = state({ 'cm.yaml': cm(TAIL('Parser docker')), 'ds.yaml': ds('fluent/fluent-bit:1.7.9') });
    const after = state({ 'cm.yaml': cm(TAIL('Parser cri-log')), 'ds.yaml': ds('fluent/fluent-bit:1.7.9') });
    const out = checkInvariants(before, after, new Map([edit('cm.yaml', before.files[0]!.text, 'docker\n    ', 'cri-log\n    ')]), OPTIONS);
    expect(codes(out)).toEqual(['cm.yaml INVARIANT_PARSER']);
    expect(out[0]?.message).toMatch(/Parser cri-log \(fluent-bit.conf\) would not be defined/);
    // defined after a definition that stops the file (a duplicate name): still not loaded
    const stopped = state({ 'cm.yaml': cm(TAIL('Parser cri-log'), '[PARSER]\n    Name docker\n    Format json\n\n[PARSER]\n    Name docker\n    Format json\n\n[PARSER]\n    Name cri-log\n    Format regex\n    Regex ^(?<log>.*)$\n'), 'ds.yaml': ds('fluent/fluent-bit:1.7.9') });
    const why = checkInvariants(before, stopped, new Map(), OPTIONS);
    expect(why[0]?.message).toMatch(/stops loading before it \(parser named 'docker' already exists\)/);
  });

  it('(c) nothing newer than the version that runs the config', () => {
    const before = state({ 'cm.yaml': cm(TAIL('Parser docker')), 'ds.yaml': ds('fluent/fluent-bit:1.7.9') });
    const after = state({ 'cm.yaml': cm(TAIL('multiline.parser docker, cri')), 'ds.yaml': ds('fluent/fluent-bit:1.7.9') });
    expect(codes(checkInvariants(before, after, new Map([edit('cm.yaml', before.files[0]!.text, 'Parser docker', 'multiline.parser docker, cri')]), OPTIONS))).toEqual(['cm.yaml INVARIANT_VERSION']);
  });

  it('(d) no edit in an init container or a container that does not run Fluent Bit; (e) mounts name volumes', () => {
    const files = { 'cm.yaml': cm(TAIL('multiline.parser docker, cri')), 'ds.yaml': ds('fluent/fluent-bit:2.2.0') };
    const before = state(files);
    const text = files['ds.yaml'];
    const initEdit = edit('ds.yaml', text, '      - name: setup\n        image: busybox\n        volumeMounts:\n        - name: varlog\n          mountPath: /var/log\n', '      - name: setup\n        image: busybox\n        volumeMounts:\n        - name: varlogpods\n          mountPath: /var/log/pods\n');
    const after = state({ ...files, 'ds.yaml': text.replace('        - name: varlog\n          mountPath: /var/log\n      containers', '        - name: varlogpods\n          mountPath: /var/log/pods\n      containers') });
    expect(codes(checkInvariants(before, after, new Map([initEdit]), OPTIONS))).toEqual(['ds.yaml INVARIANT_CONTAINER', 'ds.yaml INVARIANT_VOLUME']);
  });

  it('(e) a removed volume is no longer mounted (the init container still is); other changed files of the deployment are held back', () => {
    const files = { 'cm.yaml': cm(TAIL('Parser docker')), 'ds.yaml': ds('fluent/fluent-bit:2.2.0') };
    const before = state(files);
    const dsText = files['ds.yaml'];
    const removed = dsText.replace('      - name: varlog\n        hostPath:\n          path: /var/log\n', '');
    const after = state({ 'cm.yaml': cm(TAIL('multiline.parser docker, cri')), 'ds.yaml': removed });
    const out = checkInvariants(before, after, new Map([edit('ds.yaml', dsText, '      - name: varlog\n        hostPath:\n          path: /var/log\n', ''), edit('cm.yaml', files['cm.yaml'], 'Parser docker', 'multiline.parser docker, cri')]), OPTIONS);
    expect(codes(out)).toEqual(['cm.yaml INVARIANT_RELATED', 'ds.yaml INVARIANT_LOG_MOUNT', 'ds.yaml INVARIANT_VOLUME', 'ds.yaml INVARIANT_VOLUME']);
    expect(out.find((d) => d.code === 'INVARIANT_VOLUME')?.message).toMatch(/volume varlog would be removed while container (fluent-bit|setup)/);
  });

  it('problems the input already had are not the migration\'s: nothing to report', () => {
    // The tail reads /var/log/containers, which this DaemonSet never mounted (an aggregator sharing the ConfigMap).
    const files = { 'cm.yaml': cm(TAIL('Parser docker')), 'ds.yaml': ds('fluent/fluent-bit:2.2.0').replace(/        - name: varlog\n          mountPath: \/var\/log\n        - name: config/, '        - name: config') };
    const result = migrate(Object.entries(files).map(([path, text]) => ({ path, text })), { runtime: 'containerd' });
    expect(result.files.flatMap((f) => f.diagnostics.map((d) => d.code)).filter((c) => c.startsWith('INVARIANT_'))).toEqual([]);
    expect(result.files.find((f) => f.path === 'cm.yaml')?.changed).toBe(true);
  });
});
