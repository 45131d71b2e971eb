import { describe, expect, it } from 'vitest';
import { migrate, migratePartitionedWith } from '../../src/migrate/migrate.js';
import { planPartition } from '../../src/migrate/partition.js';
import type { SourceFile } from '../../src/source/source-file.js';

/*
 * Shapes the token scan of a stream (partition-scan.ts) must link although
 * it reads no YAML tree: each case puts a document between two that must
 * stay together (and an unrelated one after them), then checks the chunk
 * plan and that the partitioned result is the whole-file run's.
 */

const FORCED = { minFileBytes: 0, chunkBytes: 0 };

const config = (extra = ''): string => `    [INPUT]\n        Name tail\n        Path /var/log/containers/*.log\n        Parser docker\n${extra}`;
const cm = (name: string, body = config()): string => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  fluent-bit.conf: |\n${body}`;
const service = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: between\nspec:\n  ports:\n    - port: 2020\n';
const ds = (volume: string, mount = '      mountPath: /fluent-bit/etc/\n'): string =>
  `apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: fb\nspec:\n  template:\n    spec:\n      containers:\n        - name: fluent-bit\n          image: fluent/fluent-bit:2.2.2\n          volumeMounts:\n            - name: config\n${mount.replace(/^ {6}/gm, '              ')}      volumes:\n        - name: config\n${volume}`;

function check(stream: string, together: readonly number[]): void {
  // An unrelated last document: a chunk of its own, so that the file is partitioned.
  const file: SourceFile = { path: 'stream.yaml', text: `${stream}---\n${cm('fb-unrelated')}` };
  const plan = planPartition(file, FORCED);
  if ('reason' in plan) throw new Error(`not partitioned: ${plan.reason}`);
  const chunkOf = (unit: number): number => plan.chunks.findIndex((c) => c.units[0] <= unit && unit <= c.units[1]);
  const chunks = new Set(together.map(chunkOf));
  expect(chunks.size, JSON.stringify(plan.chunks)).toBe(1);
  for (const runtime of ['containerd', 'cri-o'] as const) {
    const outcome = migratePartitionedWith(file, { runtime }, FORCED);
    expect(outcome.reason).toBeUndefined();
    expect(outcome.result).toStrictEqual(migrate([file], { runtime }).files[0]);
  }
}

describe('the token scan of a stream links', () => {
  it('a ConfigMap named by a one-line block scalar', () => {
    check([cm('fb-a'), service, ds('          configMap:\n            name: |-\n              fb-a\n')].join('---\n'), [1, 3]);
  });
  it('a ConfigMap named by a quoted scalar with an escape', () => {
    check([cm('fb-a'), service, ds('          configMap:\n            name: "fb\\u002da"\n')].join('---\n'), [1, 3]);
  });
  it('an absolute @INCLUDE and a pod whose mountPath is on the next line', () => {
    const main = cm('fb-main', `    @INCLUDE /etc/shared/inputs.conf\n${config()}`);
    const shared = cm('fb-shared');
    const pod = ds('          configMap:\n            name: fb-shared\n', '      mountPath:\n        /etc/shared\n');
    check([main, service, shared, service, pod].join('---\n'), [1, 3, 5]);
  });
  it('an absolute Parsers_File in a Secret with folded base64 data', () => {
    const b64 = Buffer.from(`[SERVICE]\n    Parsers_File /etc/p/parsers.conf\n${config()}`).toString('base64');
    const secret = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: fb-secret\ndata:\n  fluent-bit.conf: >-\n    ${b64.slice(0, 40)}\n    ${b64.slice(40)}\n`;
    const parsers = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fb-parsers\ndata:\n  parsers.conf: |\n    [PARSER]\n        Name docker\n        Format json\n`;
    const pod = ds('          configMap:\n            name: fb-parsers\n', '      mountPath: /etc/p\n');
    check([secret, service, parsers, service, pod].join('---\n'), [1, 3, 5]);
  });
  it('a document with anchors and aliases (parsed on its own)', () => {
    check([cm('fb-a'), service, ds('          configMap:\n            name: &n fb-a\n          x: *n\n')].join('---\n'), [1, 3]);
  });
  it('a JSON document in the stream', () => {
    const json = JSON.stringify({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'fb' }, spec: { template: { spec: { containers: [{ name: 'fluent-bit', image: 'fluent/fluent-bit:2.2.2', volumeMounts: [{ name: 'c', mountPath: '/fluent-bit/etc/' }] }], volumes: [{ name: 'c', configMap: { name: 'fb-a' } }] } } } });
    check([cm('fb-a'), service, `${json}\n`].join('---\n'), [1, 3]);
  });
});

describe('a List whose items share anchors', () => {
  const conf = '      [INPUT]\n          Name tail\n          Path /var/log/containers/*.log\n          Parser docker\n';
  const item = (name: string, data: string): string => `- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: ${name}\n  data:\n${data}`;
  const own = (name: string, extra = ''): string => item(name, `${extra}    fluent-bit.conf: |\n${conf}`);
  const block = (...items: string[]): SourceFile => ({ path: 'list.yaml', text: `apiVersion: v1\nkind: List\nitems:\n${items.join('')}` });
  const json = (...items: string[]): SourceFile => ({ path: 'list.json', text: `{\n  "apiVersion": "v1",\n  "kind": "List",\n  "items": [\n${items.join(',\n')}\n  ]\n}\n` });
  const jsonItem = (name: string, value: string): string => `    {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "${name}"}, "data": {"fluent-bit.conf": ${value}}}`;
  const confJson = JSON.stringify(conf.replace(/^ {6}/gm, ''));

  // Until `partalias` each of these was migrated whole; now the items an alias links are one chunk (partition-aliases.test.ts).
  const cases: [string, SourceFile, string][] = [
    // The harm of cutting them apart: the whole-file run keeps the anchored config (read by the other item too) as it is.
    ['a config anchored in one item and aliased in another', block(item('fb-a', `    fluent-bit.conf: &conf |\n${conf}`), own('fb-x'), item('fb-b', '    fluent-bit.conf: *conf\n')), '1-1 + 3-3, 2-2'],
    ['an anchor in one item, an alias in another', block(own('fb-a', '    x: &shared 1\n'), own('fb-x'), own('fb-b', '    y: *shared\n')), '1-1 + 3-3, 2-2'],
    ['an anchor in one item alone', block(own('fb-a'), own('fb-b', '    x: &lonely 1\n')), '1-1, 2-2'],
  ];
  for (const [name, file, plan] of cases) {
    it(`${name}: partitioned, the alias's item with the anchor's`, () => {
      const planned = planPartition(file, FORCED);
      if ('reason' in planned) throw new Error(planned.reason);
      expect(planned.chunks.map((c) => (c.pieces ?? [c]).map((p) => `${p.units[0]}-${p.units[1]}`).join(' + ')).join(', ')).toBe(plan);
      for (const runtime of ['containerd', 'cri-o'] as const) {
        const outcome = migratePartitionedWith(file, { runtime }, FORCED);
        expect(outcome.reason).toBeUndefined();
        expect(outcome.result).toStrictEqual(migrate([file], { runtime }).files[0]);
      }
    });
  }

  it('JSON-looking (flow) items with an anchor and an alias are migrated whole', () => {
    const file = json(jsonItem('fb-a', `&conf ${confJson}`), jsonItem('fb-b', '*conf'));
    const plan = planPartition(file, FORCED);
    expect('reason' in plan ? plan.reason : undefined).toBe('anchors or aliases in a List');
    for (const runtime of ['containerd', 'cri-o'] as const) {
      const outcome = migratePartitionedWith(file, { runtime }, FORCED);
      expect(outcome.reason).toBe('anchors or aliases in a List');
      // Refused: no partitioned result; migrate() runs the whole file.
      expect(outcome.result).toBeUndefined();
    }
  });

  it('but a `*` or `&` at a token start that is text, not a node property, does not count', () => {
    for (const file of [block(own('fb-a', "    note: 'see *here & &there'\n"), own('fb-b')), json(jsonItem('fb-a', '"a, *b &c"'), jsonItem('fb-b', confJson))]) {
      const plan = planPartition(file, FORCED);
      expect('reason' in plan ? plan.reason : undefined, file.path).toBeUndefined();
      const outcome = migratePartitionedWith(file, { runtime: 'containerd' }, FORCED);
      expect(outcome.reason).toBeUndefined();
      expect(outcome.result).toStrictEqual(migrate([file], { runtime: 'containerd' }).files[0]);
    }
  });
});

describe('a file with an alias that has no anchor before it in its document is migrated whole', () => {
  // The whole-file run reports YAML_SYNTAX at the alias (exit 2, nothing written); partitioned, it must give the same.
  const REASON = 'an alias without its anchor before it in its document';
  const nsDs = (ns: string): string => ds('          configMap:\n            name: fb-a\n').replace('  name: fb\n', `  name: fb\n  namespace: ${ns}\n`);
  const cmNs = (ns: string): string => cm('fb-a').replace('  name: fb-a\n', `  name: fb-a\n  namespace: ${ns}\n`);
  const listWith = (meta: string, ...items: string[]): SourceFile => ({ path: 'list.yaml', text: `apiVersion: v1\nkind: List\nmetadata:\n${meta}items:\n${items.join('')}` });
  const listItem = (name: string): string => `- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: ${name}\n  data:\n    fluent-bit.conf: |\n${config().replace(/^(?=.)/gm, '  ')}`;
  const cases: [string, SourceFile][] = [
    // The lead's case: &ns in the first document, *ns in the second (a stream read by the token scan).
    ['an alias to an anchor of the previous document', { path: 'stream.yaml', text: [cmNs('&ns logging'), service, nsDs('*ns'), cm('fb-unrelated')].join('---\n') }],
    ['an alias before its anchor in the same document', { path: 'stream.yaml', text: [cm('fb-a'), service, `${nsDs('*ns')}x: &ns logging\n`, cm('fb-unrelated')].join('---\n') }],
    ['an alias inside the node it names', { path: 'stream.yaml', text: [cm('fb-a'), service, nsDs('logging').replace('metadata:\n', 'metadata: &m\n  self: *m\n'), cm('fb-unrelated')].join('---\n') }],
    // A `...` marker: the parsing scan (yaml's Composer) reads the stream.
    ['an alias to an anchor of the previous document, in a stream the parsing scan reads', { path: 'stream.yaml', text: `${[cmNs('&ns logging'), service, nsDs('*ns')].join('---\n')}...\n---\n${cm('fb-unrelated')}` }],
    // The List's own keys are in no chunk: the scan must see the error there.
    ['an alias without an anchor among the keys of a block List', listWith('  name: *nothing\n', listItem('fb-a'), listItem('fb-b'))],
  ];
  for (const [name, file] of cases) {
    it(name, () => {
      const plan = planPartition(file, FORCED);
      expect('reason' in plan ? plan.reason : undefined).toBe(REASON);
      for (const runtime of ['containerd', 'cri-o'] as const) {
        const outcome = migratePartitionedWith(file, { runtime }, FORCED);
        expect(outcome.reason).toBe(REASON);
        expect(outcome.result).toBeUndefined();
        const whole = migrate([file], { runtime }).files[0];
        expect(whole?.changed).toBe(false);
        expect(whole?.diagnostics.map((d) => `${d.severity} ${d.code}`)).toEqual(['error YAML_SYNTAX']);
      }
    });
  }

  it('but an anchor then its alias in one document still partitions', () => {
    check([cmNs('&ns logging'), service, nsDs('logging').replace('  namespace: logging\n', '  namespace: &ns2 logging\n  labels:\n    ns: *ns2\n')].join('---\n'), [1, 3]);
  });
});
