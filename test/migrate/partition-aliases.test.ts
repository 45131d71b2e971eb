import { describe, expect, it } from 'vitest';
import { migrate, migratePartitionedWith } from '../../src/migrate/migrate.js';
import { planPartition, type PartitionLimits } from '../../src/migrate/partition.js';
import type { FileResult, MigrateOptions } from '../../src/migrate/types.js';
import type { SourceFile } from '../../src/source/source-file.js';
// @ts-expect-error - a plain .mjs module of the bench
import { generateSharedAnchorList } from '../../bench/generate-scale.mjs';

/*
 * Lists whose items share anchors (issue #14, `partalias`): an alias links
 * its item with the item of the anchor it resolves to, and linked items are
 * one chunk wherever they are in the List (pieces: runs of items that are
 * not adjacent). Each shape, in a block List at the margin, an indented one
 * and one read by the parsing scan (a `...` marker), is migrated through the
 * partitioned path (every unit its own chunk, and ~1.5 KB chunks) and must
 * give exactly the whole-file run's FileResult, with and without --to-yaml.
 */

const FORCED: PartitionLimits = { minFileBytes: 0, chunkBytes: 0 };
const SMALL: PartitionLimits = { minFileBytes: 0, chunkBytes: 1500 };
const OPTIONS: readonly MigrateOptions[] = [
  { runtime: 'containerd' },
  { runtime: 'cri-o' },
  { runtime: 'containerd', keepDockerMount: true, fluentBitVersion: '1.9' },
  { runtime: 'containerd', toYaml: true },
  { toYaml: true },
];

/** A Docker-era classic config, as the value of a `|` block at indentation `pad`. */
const conf = (i: number, pad: string): string =>
  ['[SERVICE]', '    Flush 1', '', '[INPUT]', '    Name tail', `    Tag kube${i}.*`, '    Path /var/log/containers/*.log', '    Parser docker', '    Docker_Mode On', '', '[OUTPUT]', '    Name stdout', `    Match kube${i}.*`]
    .map((l) => (l === '' ? '' : `${pad}${l}`))
    .join('\n') + '\n';

interface Cm {
  readonly name: string;
  /** The metadata lines after the name (labels, annotations...), at indentation 2. */
  readonly meta?: string;
  /** `&x ` before the config's `|`, or the whole value (`*x`). */
  readonly anchor?: string;
  readonly alias?: string;
}

function cm(o: Cm, i: number): string {
  const value = o.alias !== undefined ? ` ${o.alias}\n` : ` ${o.anchor ?? ''}|\n${conf(i, '    ')}`;
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${o.name}\n${o.meta ?? ''}data:\n  fluent-bit.conf:${value}`;
}

const CONTAINER = '        - name: fluent-bit\n          image: cr.fluentbit.io/fluent/fluent-bit:2.2.2\n';

interface Ds {
  readonly name: string;
  readonly config: string;
  readonly meta?: string;
  /** Replaces the `volumeMounts:` line's value (`&m` before the list, or `*m` instead of it). */
  readonly mounts?: string;
  readonly volumes?: string;
  /** The container's first lines (name and image), at the container's indentation. */
  readonly container?: string;
}

function ds(o: Ds): string {
  const mounts = o.mounts?.startsWith('*') === true
    ? ` ${o.mounts}\n`
    : `${o.mounts === undefined ? '' : ` ${o.mounts}`}\n            - name: varlog\n              mountPath: /var/log\n            - name: docker\n              mountPath: /var/lib/docker/containers\n              readOnly: true\n            - name: config\n              mountPath: /fluent-bit/etc/\n`;
  const volumes = o.volumes?.startsWith('*') === true
    ? ` ${o.volumes}\n`
    : `${o.volumes === undefined ? '' : ` ${o.volumes}`}\n        - name: varlog\n          hostPath:\n            path: /var/log\n        - name: docker\n          hostPath:\n            path: /var/lib/docker/containers\n        - name: config\n          configMap:\n            name: ${o.config}\n`;
  const container = o.container ?? CONTAINER;
  return `apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: ${o.name}\n${o.meta ?? ''}spec:\n  selector:\n    matchLabels:\n      app: ${o.name}\n  template:\n    metadata:\n      labels:\n        app: ${o.name}\n    spec:\n      containers:\n${container}          volumeMounts:${mounts}      volumes:${volumes}`;
}

const service = (name: string, meta = ''): string => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n${meta}spec:\n  ports:\n    - port: 2020\n`;

/** Documents as the items of a block List: at the margin, indented under `items:`, or with a `...` marker (the parsing scan). */
type Layout = 'margin' | 'indented' | 'parsed';

function list(docs: readonly string[], layout: Layout): SourceFile {
  const pad = layout === 'indented' ? '  ' : '';
  const items = docs.map((d) => d.replace(/\n$/, '').split('\n').map((l, j) => (l === '' ? '' : `${pad}${j === 0 ? '- ' : '  '}${l}`)).join('\n')).join('\n');
  return { path: 'list.yaml', text: `apiVersion: v1\nkind: List\nitems:\n${items}\n${layout === 'parsed' ? '...\n' : ''}` };
}

/** A pair of a config and its DaemonSet, the i-th. */
const pair = (i: number, cmo: Partial<Cm> = {}, dso: Partial<Ds> = {}): string[] => [cm({ name: `fb-config-${i}`, ...cmo }, i), ds({ name: `fb-${i}`, config: `fb-config-${i}`, ...dso })];

const SHAPES: Record<string, string[]> = {
  'an anchor in item 0 that the last item uses': [
    ...pair(0, { meta: '  labels: &labels\n    team: logging\n' }),
    ...pair(1), ...pair(2), ...pair(3),
    ...pair(4, {}, { meta: '  labels: *labels\n' }),
  ],
  'several anchors, each used by later items': [
    ...pair(0, { meta: '  labels: &labels\n    team: logging\n' }),
    ...pair(1, {}, { meta: '  annotations: &notes\n    owner: platform\n' }),
    service('svc-a', '  labels: *labels\n'),
    ...pair(2), ...pair(3, {}, { meta: '  annotations: *notes\n  labels: &more\n    tier: node\n' }),
    ...pair(4, { meta: '  labels: *more\n' }),
    service('svc-b', '  labels: *labels\n'),
  ],
  'a name anchored again between the anchor and its alias': [
    ...pair(0, { meta: '  labels: &labels\n    team: a\n' }),
    ...pair(1), ...pair(2, { meta: '  labels: &labels\n    team: b\n' }),
    ...pair(3), ...pair(4, {}, { meta: '  labels: *labels\n' }),
    service('svc', '  labels: &labels\n    team: c\n'),
  ],
  "an alias to a config anchored in a ConfigMap's data": [
    ...pair(0, { anchor: '&shared ' }),
    ...pair(1), ...pair(2),
    ...pair(3, { alias: '*shared' }),
    ...pair(4),
  ],
  'volume mounts and volumes anchored in one DaemonSet, used by another': [
    ...pair(0, {}, { mounts: '&mounts', volumes: '&volumes' }),
    ...pair(1), ...pair(2),
    cm({ name: 'fb-config-0b' }, 7),
    ds({ name: 'fb-0b', config: 'fb-config-0', mounts: '*mounts', volumes: '*volumes' }),
    ...pair(3),
  ],
  'merge keys (`<<: *base`) across items': [
    ...pair(0, {}, { meta: '  labels: &base\n    app: fb\n    team: logging\n', container: `${CONTAINER}          resources: &resources\n            limits:\n              memory: 200Mi\n` }),
    ...pair(1), ...pair(2),
    ...pair(3, {}, { meta: '  labels:\n    <<: *base\n    tier: node\n', container: `${CONTAINER}          resources:\n            <<: *resources\n            requests:\n              cpu: 100m\n` }),
  ],
  'an anchored item node': [
    `&first\n${service('svc-first')}`,
    ...pair(0), ...pair(1),
    service('svc-copy', '  annotations:\n    copied: *first\n'),
  ],
  'an alias within its own item only': [
    ...pair(0, { meta: '  labels: &own\n    team: logging\n  annotations: *own\n' }),
    ...pair(1, {}, { meta: '  labels: &own\n    team: x\n  annotations: *own\n' }),
    ...pair(2),
  ],
};

/** The chunk plan in short: `1-2 + 9-10, 3-4, ...` (units of each piece). */
function planText(file: SourceFile, limits: PartitionLimits): string {
  const plan = planPartition(file, limits);
  if ('reason' in plan) return `not partitioned: ${plan.reason}`;
  return plan.chunks.map((c) => (c.pieces ?? [c]).map((p) => `${p.units[0]}-${p.units[1]}`).join(' + ')).join(', ');
}

function compare(file: SourceFile, options: MigrateOptions, limits: PartitionLimits): { partitioned: boolean; whole: FileResult } {
  const whole = migrate([file], options).files[0] as FileResult;
  const outcome = migratePartitionedWith(file, options, limits);
  if (outcome.result) expect(outcome.result, `${JSON.stringify(options)} ${limits.chunkBytes}`).toStrictEqual(whole);
  return { partitioned: outcome.result !== undefined, whole };
}

describe('a List whose items share anchors, partitioned, equals the whole-file run', () => {
  for (const [name, docs] of Object.entries(SHAPES)) {
    for (const layout of ['margin', 'indented', 'parsed'] as const) {
      it(`${name} (${layout})`, () => {
        const file = list(docs, layout);
        // Every item its own chunk but for the links: some chunk holds runs that are not adjacent (but the last shape's).
        const plan = planText(file, FORCED);
        // The parsing scan (a `...` marker) reads items from the composed List: an anchor on an item itself does not start its line there.
        if (name === 'an anchored item node' && layout === 'parsed') {
          expect(plan).toBe('not partitioned: an item without a place, or an anchored item');
          return;
        }
        expect(plan).not.toMatch(/^not partitioned/);
        if (name !== 'an alias within its own item only') expect(plan).toContain(' + ');
        let partitioned = 0;
        for (const options of OPTIONS) {
          for (const limits of [FORCED, SMALL]) if (compare(file, options, limits).partitioned) partitioned++;
        }
        // Placed in most runs (a run the merge cannot place is migrated whole, the same result).
        expect(partitioned).toBeGreaterThanOrEqual(OPTIONS.length);
      });
    }
  }

  it('the alias guard reports as the whole run does: ALIAS_NOT_EDITED naming the file lines of the aliases', () => {
    for (const shape of ["an alias to a config anchored in a ConfigMap's data", 'volume mounts and volumes anchored in one DaemonSet, used by another']) {
      const file = list(SHAPES[shape] as string[], 'margin');
      const outcome = migratePartitionedWith(file, { runtime: 'containerd' }, FORCED);
      expect(outcome.reason, shape).toBeUndefined();
      const guard = outcome.result?.diagnostics.filter((d) => d.code === 'ALIAS_NOT_EDITED') ?? [];
      expect(guard.length, shape).toBeGreaterThan(0);
      const lines = file.text.split('\n');
      for (const d of guard) {
        for (const m of d.message.matchAll(/line (\d+)/g)) expect(lines[Number(m[1]) - 1], d.message).toMatch(/\*(shared|mounts|volumes)\b/);
      }
    }
  });

  it("the bench's shape (generateSharedAnchorList): one chunk holds the first and the last items", () => {
    const file = { path: 'list.yaml', text: generateSharedAnchorList(40) as string };
    const plan = planText(file, SMALL);
    expect(plan.split(', ')[0]).toMatch(/^1-\d+ \+ \d+-40$/);
    for (const options of OPTIONS) expect(compare(file, options, SMALL).partitioned, JSON.stringify(options)).toBe(true);
  });
});

describe('anchors and aliases the partition leaves to the whole-file run', () => {
  const items = [...pair(0), ...pair(1, {}, { meta: '  labels: *top\n' })];
  const cases: [string, SourceFile, string, boolean][] = [
    // An anchor among the List's own keys: in no chunk (each chunk gets a header of its own).
    ['an alias to an anchor among the List\'s own keys', { path: 'list.yaml', text: list(items, 'margin').text.replace('kind: List\n', 'kind: List\nmetadata:\n  labels: &top\n    team: logging\n') }, 'an alias whose anchor is in no List item before it', false],
    ['an alias before its anchor in a later item', list([...pair(0, {}, { meta: '  labels: *late\n' }), ...pair(1, { meta: '  labels: &late\n    a: b\n' })], 'margin'), 'an alias whose anchor is in no List item before it', true],
    // A container merged from an anchored one (go-yaml's merge key): the whole run stops at an invariant (the docker
    // volume goes while the anchored container, which it may not edit, still mounts it); a chunk with an error is not placed.
    ['a container merged from an anchored one, where the whole run has errors', list([...pair(0, {}, { container: '        - &container\n          name: fluent-bit\n          image: fluent/fluent-bit:1.9.10\n' }), ...pair(1), ...pair(2, {}, { container: '        - <<: *container\n          name: fluent-bit-2\n' })], 'margin'), 'a chunk has errors', true],
    ['an alias inside the node it names', list([...pair(0, { meta: '  labels: &self\n    a: *self\n' }), ...pair(1)], 'margin'), 'an alias without its anchor before it in its document', true],
  ];
  for (const [name, file, reason, error] of cases) {
    it(name, () => {
      if (reason !== 'a chunk has errors') expect(planText(file, FORCED)).toBe(`not partitioned: ${reason}`);
      for (const options of OPTIONS.slice(0, 2)) {
        expect(migratePartitionedWith(file, options, FORCED).reason).toBe(reason);
        const whole = migrate([file], options).files[0] as FileResult;
        expect(whole.hasErrors).toBe(error);
        if (error && reason !== 'a chunk has errors') expect(whole.diagnostics.map((d) => d.code)).toEqual(['YAML_SYNTAX']);
      }
    });
  }
});

describe('streams: anchors never cross `---`', () => {
  it('documents with anchors and aliases of the same names, each within its document, partition as before', () => {
    const docs = [
      cm({ name: 'fb-config-0', meta: '  labels: &labels\n    team: a\n  annotations: *labels\n' }, 0),
      ds({ name: 'fb-0', config: 'fb-config-0', mounts: '&mounts', meta: '  labels: &labels\n    team: b\n' }),
      service('svc', '  labels: &labels\n    team: c\n  annotations: *labels\n'),
      cm({ name: 'fb-config-1', anchor: '&conf ' }, 1),
      // An anchor in each document: the token scan parses it then (its own mountPath superset would link every pod).
      ds({ name: 'fb-1', config: 'fb-config-1', meta: '  labels: &labels\n    team: d\n' }),
    ];
    const file = { path: 'stream.yaml', text: docs.join('---\n') };
    expect(planText(file, FORCED)).toBe('1-2, 3-3, 4-5');
    for (const options of OPTIONS) expect(compare(file, options, FORCED).partitioned, JSON.stringify(options)).toBe(true);
  });
});

describe('renumberAliasUsers (alias-guard.ts)', () => {
  it("maps an ALIAS_NOT_EDITED message's alias lines, and leaves other messages alone", async () => {
    const { renumberAliasUsers } = await import('../../src/migrate/alias-guard.js');
    const message = 'docker-volume would edit inside the YAML anchor &mounts, which *mounts reuses (line 12, line 40): not edited, the change would apply to every user of the anchor; write the content out in place of the alias, then run again';
    expect(renumberAliasUsers(message, (l) => l + 100)).toBe(message.replace('line 12, line 40', 'line 112, line 140'));
    expect(renumberAliasUsers(message, (l) => (l === 40 ? undefined : l))).toBeUndefined();
    expect(renumberAliasUsers('something else at line 3', (l) => l)).toBeUndefined();
  });
});
