import { describe, expect, it } from 'vitest';
import { migrate, migratePartitionedWith } from '../../src/migrate/migrate.js';
import { RUNTIMES, type FileResult, type MigrateOptions } from '../../src/migrate/types.js';
import type { SourceFile } from '../../src/source/source-file.js';
import { rng } from '../helpers/rng.js';
import { planPartition } from '../../src/migrate/partition.js';

/*
 * Generated streams and Lists, partitioned (thresholds forced to 0) vs the
 * whole-file run: the FileResults must be deep-equal. References cross in
 * random places: ConfigMaps mounted or not, by one or several workloads,
 * under shared and distinct mount paths, subPath mounts, absolute and
 * relative @INCLUDE / Parsers_File, same names in other namespaces, Secrets,
 * unknown kinds, YAML errors in one document, Lists in JSON and block YAML,
 * a config anchored in one List item and aliased in another, labels and
 * volume mounts shared between List items by anchors (shareAnchors), an
 * alias to an earlier document's anchor or without any anchor (a YAML error).
 * Seeded (test/helpers/rng.ts): a failure names its seed.
 */

type Obj = Record<string, unknown>;

const CASES = 300;
const FORCED = { minFileBytes: 0, chunkBytes: 0 };
/** Runs merged into chunks of ~1.5 KB: several units per chunk, boundaries elsewhere. */
const SMALL_CHUNKS = { minFileBytes: 0, chunkBytes: 1500 };

/** The generator's random source, also for blockYaml's styles. */
let r: () => number = rng(0);

export function gen(seed: number, blockList = false): SourceFile {
  r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const chance = (p: number): boolean => r() < p;
  const names = ['fb-config', 'fb-extra', 'cm-a', 'cm-b', 'parsers'];
  const mountPaths = ['/fluent-bit/etc/', '/fluent-bit/etc/conf', '/etc/flb', '/config'];
  const config = (): string => {
    const lines = ['[SERVICE]', '    Flush 1'];
    if (chance(0.4)) lines.push(`    Parsers_File ${pick(['parsers.conf', '/fluent-bit/etc/parsers-extra.conf', '/etc/flb/parsers.conf', '/config/p.conf'])}`);
    if (chance(0.3)) lines.push('', `@INCLUDE ${pick(['extra.conf', '/fluent-bit/etc/extra.conf', '/etc/flb/extra.conf', '/config/extra.conf', '/fluent-bit/etc/conf/*.conf'])}`);
    lines.push('', '[INPUT]', '    Name tail', `    Path ${pick(['/var/log/containers/*.log', '/var/lib/docker/containers/*/*.log'])}`);
    if (chance(0.7)) lines.push(`    Parser ${pick(['docker', 'cri', 'json'])}`);
    if (chance(0.3)) lines.push('    Docker_Mode On');
    if (chance(0.2)) lines.push('    Tag kube.*');
    if (chance(0.3)) lines.push('', '[FILTER]', '    Name kubernetes', '    Match kube.*', chance(0.5) ? '    Merge_Log On' : '    Kube_Tag_Prefix kube.var.log.containers.');
    lines.push('', '[OUTPUT]', '    Name stdout', '    Match *', '');
    return lines.join('\n');
  };
  const configMap = (): Obj => {
    const kind = chance(0.15) ? 'Secret' : 'ConfigMap';
    const data: Obj = { [pick(['fluent-bit.conf', 'extra.conf', 'main.conf'])]: config() };
    if (chance(0.4)) data['parsers.conf'] = '[PARSER]\n    Name docker\n    Format json\n';
    if (chance(0.2)) data['extra.conf'] = config();
    const base64 = kind === 'Secret' && chance(0.5);
    if (base64) for (const k of Object.keys(data)) data[k] = Buffer.from(String(data[k])).toString('base64');
    return { apiVersion: 'v1', kind, metadata: { name: pick(names), ...(chance(0.5) ? { namespace: pick(['logging', 'other']) } : {}) }, [kind === 'Secret' && !base64 ? 'stringData' : 'data']: data };
  };
  const workload = (): Obj => {
    const kind = pick(['DaemonSet', 'DaemonSet', 'Deployment', 'StatefulSet']);
    const volumes: Obj[] = [{ name: 'varlog', hostPath: { path: '/var/log' } }, { name: 'docker', hostPath: { path: '/var/lib/docker/containers' } }];
    const mounts: Obj[] = chance(0.8) ? [{ name: 'varlog', mountPath: '/var/log' }] : [];
    if (chance(0.6)) mounts.push({ name: 'docker', mountPath: '/var/lib/docker/containers', readOnly: true });
    const configs = 1 + Math.floor(r() * 2);
    for (let i = 0; i < configs; i++) {
      const vname = `config${i}`;
      volumes.push(chance(0.2) ? { name: vname, projected: { sources: [{ configMap: { name: pick(names) } }] } } : { name: vname, configMap: { name: pick(names) } });
      mounts.push(chance(0.2) ? { name: vname, mountPath: '/fluent-bit/etc/extra.conf', subPath: 'extra.conf' } : { name: vname, mountPath: pick(mountPaths) });
    }
    const image = pick(['cr.fluentbit.io/fluent/fluent-bit:1.9.10', 'fluent/fluent-bit:2.2', 'fluent/fluent-bit:latest', 'registry.corp/fb:custom', 'busybox:1']);
    const container: Obj = { name: 'fluent-bit', image, volumeMounts: mounts };
    if (chance(0.2)) container['args'] = ['-c', pick(['/fluent-bit/etc/fluent-bit.conf', '/etc/flb/main.conf'])];
    const spec: Obj = { containers: [container], volumes };
    return { apiVersion: 'apps/v1', kind, metadata: { name: `fb-${Math.floor(r() * 4)}`, ...(chance(0.5) ? { namespace: pick(['logging', 'other']) } : {}) }, spec: { selector: { matchLabels: { app: 'fb' } }, template: { metadata: { labels: { app: 'fb' } }, spec } } };
  };
  const other = (): Obj => pick<Obj>([
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'fb' }, spec: { ports: [{ port: 2020 }] } },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: pick(names) } },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'fb' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] },
    { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { path: '/fluent-bit/etc' } },
  ]);
  const objects: Obj[] = [];
  const count = 2 + Math.floor(r() * 9);
  for (let i = 0; i < count; i++) objects.push(chance(0.45) ? configMap() : chance(0.7) ? workload() : other());
  const rolled = r();
  // `blockList`: the same choices, then a block List whatever the roll.
  const shape = blockList ? 0.4 : rolled;
  if (shape < 0.3) {
    const indent = pick([2, 4]);
    return { path: 'list.json', text: `${JSON.stringify({ apiVersion: 'v1', items: objects, kind: 'List', metadata: { resourceVersion: '' } }, null, indent)}\n` };
  }
  if (shape < 0.45) {
    let items = objects.map((o) => blockYaml(o, 2).replace(/^ {2}/, '- ')).join('');
    // A config anchored in one item and read through an alias by a later one (the whole-file run keeps the anchor).
    const literal = items.indexOf('": |\n');
    if (literal >= 0 && chance(0.2)) {
      items = `${items.slice(0, literal)}": &shared |\n${items.slice(literal + 5)}`;
      items += '- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: fb-alias\n  data:\n    fluent-bit.conf: *shared\n';
    }
    items = shareAnchors(items, rng(seed * 7919 + 17));
    const indented = chance(0.5);
    const body = indented ? items.split('\n').map((l) => (l === '' ? l : `  ${l}`)).join('\n') : items;
    // An alias without an anchor among the List's own keys (in no chunk): the whole-file run reports YAML_SYNTAX.
    const version = chance(0.08) ? '*rv' : '""';
    return { path: 'list.yaml', text: `apiVersion: v1\nitems:\n${body}kind: List\nmetadata:\n  resourceVersion: ${version}\n` };
  }
  const docs = objects.map((o) => (chance(0.1) ? `${JSON.stringify(o, null, pick([0, 2]))}\n` : blockYaml(o, 0)));
  if (chance(0.1)) docs.push(`apiVersion: v1\nkind: ConfigMap\nmetadata: &meta\n  name: ${pick(names)}\ndata:\n  k: v\n`);
  if (chance(0.1)) docs[Math.floor(r() * docs.length)] = 'kind: ConfigMap\nmetadata:\n  name: [broken\n';
  if (chance(0.1)) docs.push('# a trailing comment document\n');
  // An alias to the anchor of an earlier document (anchors do not reach past `---`): the whole-file run reports YAML_SYNTAX.
  if (chance(0.08)) docs.push(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fb-lost\n  labels: *meta\ndata:\n  k: v\n`);
  const sep = pick(['---\n', '---\n# between\n']);
  return { path: 'stream.yaml', text: (chance(0.3) ? '---\n' : '') + docs.join(sep) };
}

/**
 * Anchors shared between a block List's items (`items`: items at the margin), from a random source of their own (the
 * generator's other choices stay as they were for each seed): labels anchored in one item, used by later items as
 * annotations or through a merge key (`<<`), names anchored again in between; a workload's volumeMounts anchored and
 * used in place of a later workload's. The partition links an alias's item with its anchor's (`partalias`).
 */
function shareAnchors(items: string, random: () => number): string {
  if (random() < 0.4) return items;
  const parts = items.split(/(?=^- )/m);
  const defined = new Set<string>();
  const names = ['lbl', 'lbl2'];
  let mounts: string | undefined;
  parts.forEach((part, i) => {
    const name = names[Math.floor(random() * names.length)] as string;
    const roll = random();
    let add = '';
    if (roll < 0.3) {
      add = `    labels: &${name}\n      team: t${i}\n`;
      defined.add(name);
    } else if (roll < 0.65 && defined.has(name)) add = random() < 0.5 ? `    annotations: *${name}\n` : `    labels:\n      <<: *${name}\n      extra: x${i}\n`;
    if (add !== '' && part.includes('\n  metadata:\n')) parts[i] = part.replace('\n  metadata:\n', `\n  metadata:\n${add}`);
    // volumeMounts: anchored in one workload, used in place of a later one's list (a block list at the key's indentation).
    const at = /^( *)volumeMounts:\n/m.exec(parts[i] as string);
    if (!at || random() < 0.5) return;
    const text = parts[i] as string;
    if (mounts === undefined) {
      mounts = `vm${i}`;
      parts[i] = `${text.slice(0, at.index + at[0].length - 1)} &${mounts}\n${text.slice(at.index + at[0].length)}`;
      return;
    }
    const indent = (at[1] as string).length;
    let end = at.index + at[0].length;
    while (end < text.length) {
      const nl = text.indexOf('\n', end);
      const line = text.slice(end, nl < 0 ? text.length : nl);
      const col = line.length - line.trimStart().length;
      if (!(col > indent || (col === indent && line.trimStart().startsWith('- ')))) break;
      end = nl < 0 ? text.length : nl + 1;
    }
    parts[i] = `${text.slice(0, at.index)}${at[1] as string}volumeMounts: *${mounts}\n${text.slice(end)}`;
  });
  return parts.join('');
}

/** Block YAML of plain objects (strings with newlines as literal blocks), every line indented by `indent`. */
function blockYaml(value: unknown, indent: number): string {
  const pad = ' '.repeat(indent);
  const scalar = (v: unknown): string => {
    if (typeof v !== 'string') return JSON.stringify(v);
    const plain = /^[\w./-]+$/.test(v) && !/^(true|false|null|\d+)$/.test(v) && !v.startsWith('-');
    const style = r();
    if (plain && style < 0.7) return v;
    if (style < 0.85 && !v.includes('\n')) return `'${v.replace(/'/g, "''")}'`;
    return JSON.stringify(v);
  };
  // Small maps of scalars (volume mounts, selectors) sometimes in flow style.
  const flowable = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v) && Object.values(v).every((x) => typeof x !== 'object') && Object.keys(v).length > 0;
  if (Array.isArray(value)) {
    return value.map((item) => {
      if (flowable(item) && r() < 0.2) return `${pad}- {${Object.entries(item).map(([k, x]) => `${k}: ${scalar(x)}`).join(', ')}}\n`;
      if (item !== null && typeof item === 'object') {
        const inner = blockYaml(item, indent + 2);
        return `${pad}- ${inner.slice(indent + 2)}`;
      }
      return `${pad}- ${scalar(item)}\n`;
    }).join('');
  }
  let out = '';
  for (const [k, v] of Object.entries(value as Obj)) {
    if (typeof v === 'string' && v.includes('\n')) {
      out += `${pad}${JSON.stringify(k)}: |\n${v.replace(/\n$/, '').split('\n').map((l) => (l === '' ? '' : `${pad}  ${l}`)).join('\n')}\n`;
    } else if (v !== null && typeof v === 'object' && (Array.isArray(v) ? v.length > 0 : Object.keys(v).length > 0)) {
      out += `${pad}${k}:\n${blockYaml(v, Array.isArray(v) ? indent : indent + 2)}`;
    } else out += `${pad}${k}: ${Array.isArray(v) ? '[]' : typeof v === 'object' && v !== null ? '{}' : scalar(v)}\n`;
  }
  return out;
}

/** What the partitioned runs of a test did: how many were split, into how many chunks, by file shape, and why the others were refused. */
class Tally {
  partitioned = 0;
  chunks = 0;
  /** Partitioned runs with a chunk of runs that are not adjacent (List items linked by an alias). */
  shared = 0;
  readonly reasons = new Map<string, number>();
  readonly shapes = new Map<string, number>();

  /**
   * Runs `file` partitioned (thresholds by seed) and, when it was split, checks the
   * result deep-equals the whole-file run; returns that whole-file result.
   */
  compare(file: SourceFile, options: MigrateOptions, seed: number, label: string): FileResult | undefined {
    const limits = seed % 2 === 0 ? FORCED : SMALL_CHUNKS;
    const outcome = migratePartitionedWith(file, options, limits);
    if (!outcome.result) {
      this.reasons.set(outcome.reason, (this.reasons.get(outcome.reason) ?? 0) + 1);
      return undefined;
    }
    this.partitioned++;
    this.chunks += outcome.chunks;
    const plan = planPartition(file, limits, options);
    if ('chunks' in plan && plan.chunks.some((c) => c.pieces !== undefined)) this.shared++;
    this.shapes.set(file.path, (this.shapes.get(file.path) ?? 0) + 1);
    const whole = migrate([file], options).files[0] as FileResult;
    expect(outcome.result, label).toStrictEqual(whole);
    return whole;
  }

  get shapeList(): string {
    return [...this.shapes].map(([s, n]) => `${n} ${s}`).join(', ');
  }

  get refused(): string {
    return [...this.reasons].map(([r, n]) => `${n} ${r}`).join('; ');
  }
}

describe('partitioned migration of generated streams and Lists', () => {
  it(`equals the whole-file run (${CASES} seeds x runtimes)`, () => {
    const tally = new Tally();
    for (let seed = 1; seed <= CASES; seed++) {
      const file = gen(seed);
      for (const runtime of RUNTIMES) {
        const options: MigrateOptions = { runtime, ...(seed % 7 === 0 ? { criOnly: true } : {}), ...(seed % 5 === 0 ? { fluentBitVersion: '1.9', keepDockerMount: true } : {}), ...(seed % 3 === 0 ? { podLogsDir: '/data/pods' } : {}) };
        tally.compare(file, options, seed, `seed ${seed} ${runtime}`);
      }
    }
    console.log(`partition properties: ${tally.partitioned} partitioned (${tally.chunks} chunks; ${tally.shapeList}; ${tally.shared} with items linked by an alias in runs apart), refused: ${tally.refused}`);
    expect(tally.partitioned).toBeGreaterThan(CASES / 2);
    for (const shape of ['list.json', 'list.yaml', 'stream.yaml']) expect(tally.shapes.get(shape) ?? 0, shape).toBeGreaterThan(10);
  });

  it(`equals the whole-file run with --to-yaml (${CASES} seeds, with a runtime and alone)`, () => {
    const tally = new Tally();
    let converted = 0;
    let convertedChunks = 0;
    for (let seed = 1; seed <= CASES; seed++) {
      const file = gen(seed);
      const variants: MigrateOptions[] = [
        { runtime: RUNTIMES[seed % RUNTIMES.length], toYaml: true, ...(seed % 5 === 0 ? { fluentBitVersion: '2.2' } : {}), ...(seed % 3 === 0 ? { podLogsDir: '/data/pods' } : {}) },
        { toYaml: true },
      ];
      for (const options of variants) {
        const whole = tally.compare(file, options, seed, `seed ${seed} ${options.runtime ?? 'no runtime'} --to-yaml`);
        if (whole === undefined) continue;
        const conversions = whole.findings.filter((f) => f.ruleId === 'to-yaml' && f.severity === 'change').length;
        if (conversions > 0) converted++;
        if (conversions > 1) convertedChunks++;
      }
    }
    console.log(`partition properties --to-yaml: ${tally.partitioned} partitioned (${tally.chunks} chunks; ${tally.shapeList}; ${tally.shared} with items linked by an alias in runs apart; ${converted} converted, ${convertedChunks} with several conversions), refused: ${tally.refused}`);
    expect(tally.partitioned).toBeGreaterThan(CASES / 2);
    expect(converted).toBeGreaterThan(CASES / 10);
    expect(convertedChunks).toBeGreaterThan(10);
  });

  it(`equals the whole-file run on block Lists whose items share anchors (${CASES} seeds, with and without --to-yaml)`, () => {
    const tally = new Tally();
    for (let seed = 1; seed <= CASES; seed++) {
      const file = gen(seed, true);
      const variants: MigrateOptions[] = [
        { runtime: RUNTIMES[seed % RUNTIMES.length], ...(seed % 5 === 0 ? { fluentBitVersion: '1.9', keepDockerMount: true } : {}) },
        { runtime: RUNTIMES[(seed + 1) % RUNTIMES.length], toYaml: true },
        ...(seed % 4 === 0 ? [{ toYaml: true }] : []),
      ];
      for (const options of variants) tally.compare(file, options, seed, `seed ${seed} block List ${JSON.stringify(options)}`);
    }
    console.log(`partition properties, block Lists: ${tally.partitioned} partitioned (${tally.chunks} chunks; ${tally.shared} with items linked by an alias in runs apart), refused: ${tally.refused}`);
    expect(tally.partitioned).toBeGreaterThan(CASES / 2);
    expect(tally.shared).toBeGreaterThan(20);
  });
});
