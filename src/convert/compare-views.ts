import { cLower } from '../source/c-text.js';
import { referencedVars } from './env.js';
import type {
  FbView, MultilineParserDef, ParserDef, PluginInstance, Prop, UpstreamDef,
} from './view.js';

export interface CompareOptions {
  /**
   * Maps a file reference of the first view (`parsers_file`, `plugins_file`,
   * `streams_file` values) to what the second view must hold: the converted
   * setup points at renamed files.
   */
  readonly mapRef?: (value: string) => string;
}

const REF_KEYS = new Set(['parsers_file', 'plugins_file', 'streams_file']);

const show = (s: string): string => JSON.stringify(s.length > 80 ? `${s.slice(0, 77)}...` : s);

function pluginName(inst: PluginInstance): string {
  return inst.props.find((p) => cLower(p.key) === 'name')?.value ?? '?';
}

/** Where a difference is, made only when there is one (a big setup compared equal made a string per instance). */
type Where = string | (() => string);
const at = (where: Where): string => (typeof where === 'string' ? where : where());

function compareProps(a: readonly Prop[], b: readonly Prop[], where: Where, mapRef?: (v: string) => string): string | null {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    if (!x || !y) {
      const extra = (x ?? y) as Prop;
      return `${at(where)}: property #${i + 1} ${show(extra.key)}=${show(extra.value)} is only on the ${x ? 'first' : 'second'} side`;
    }
    const kx = cLower(x.key);
    const ky = cLower(y.key);
    const vx = mapRef && REF_KEYS.has(kx) ? mapRef(x.value) : x.value;
    if (kx !== ky || vx !== y.value) {
      return `${at(where)}: property #${i + 1}: ${show(x.key)}=${show(vx)} != ${show(y.key)}=${show(y.value)}`;
    }
  }
  return null;
}

function compareList<T>(a: readonly T[], b: readonly T[], what: string, label: (t: T) => string, each: (x: T, y: T, where: () => string) => string | null): string | null {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    if (x === undefined || y === undefined) {
      return `${what}: ${a.length} on the first side, ${b.length} on the second (${label((x ?? y) as T)} is extra)`;
    }
    const d = each(x, y, () => `${what}[${i}] (${label(x)})`);
    if (d) return d;
  }
  return null;
}

const compareParsers = (a: readonly ParserDef[], b: readonly ParserDef[], what: string): string | null =>
  compareList(a, b, what, (p) => p.props.find((x) => cLower(x.key) === 'name')?.value ?? '?', (x, y, w) => compareProps(x.props, y.props, w));

const compareMl = (a: readonly MultilineParserDef[], b: readonly MultilineParserDef[], what: string): string | null =>
  compareList(a, b, what, (p) => p.props.find((x) => cLower(x.key) === 'name')?.value ?? '?', (x, y, w) => {
    const d = compareProps(x.props, y.props, w);
    if (d) return d;
    return compareList(x.rules, y.rules, `${w()} rules`, (r) => r.state, (r, s, w2) =>
      r.state === s.state && r.regex === s.regex && r.nextState === s.nextState
        ? null
        : `${w2()}: ${show(r.state)} ${show(r.regex)} ${show(r.nextState ?? '(none)')} != ${show(s.state)} ${show(s.regex)} ${show(s.nextState ?? '(none)')}`);
  });

const compareUpstreams = (a: readonly UpstreamDef[], b: readonly UpstreamDef[]): string | null =>
  compareList(a, b, 'upstream_servers', (u) => u.props.find((x) => cLower(x.key) === 'name')?.value ?? '?', (x, y, w) =>
    compareProps(x.props, y.props, w) ?? compareList(x.nodes, y.nodes, `${w()} nodes`, () => 'node', (n, m, w2) => compareProps(n, m, w2)));

function finalEnv(props: readonly Prop[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const p of props) m.set(p.key, p.value);
  return m;
}

/** Every value Fluent Bit may expand `${VAR}` in, to `out` (no list of every value of a big setup). */
function allValues(view: FbView, out: (value: string) => void): void {
  const props = (list: readonly Prop[]): void => { for (const p of list) out(p.value); };
  props(view.service);
  for (const list of [view.customs, view.inputs, view.filters, view.outputs]) for (const i of list) props(i.props);
  for (const d of view.parsers) props(d.props);
  for (const d of view.multilineParsers) props(d.props);
  for (const f of view.parsersFiles) {
    for (const d of f.parsers) props(d.props);
    for (const d of f.multilineParsers) props(d.props);
  }
  for (const u of view.upstreams) {
    props(u.props);
    for (const n of u.nodes) props(n);
  }
}

/** Names `${...}` looks up anywhere in the setup. */
export function referencedNames(view: FbView): Set<string> {
  const names = new Set<string>();
  allValues(view, (v) => {
    for (const n of referencedVars(v)) names.add(n);
  });
  return names;
}

/**
 * First difference between what Fluent Bit sees in two setups, or null when
 * they are the same: env (final values of every variable a value uses), service properties in order,
 * every plugin instance of each kind in order with its properties, parsers
 * and multiline parsers (inline and per `parsers_file`, in load order),
 * plugins and upstream servers.
 */
export function compareViews(a: FbView, b: FbView, options: CompareOptions = {}): string | null {
  const { mapRef } = options;
  // A variable no `${...}` looks up has no effect: compare the ones that are used.
  const ea = finalEnv(a.env);
  const eb = finalEnv(b.env);
  const used = new Set([...referencedNames(a), ...referencedNames(b)]);
  for (const k of used) {
    if (ea.get(k) !== eb.get(k)) {
      return `env ${show(k)}: ${ea.has(k) ? show(ea.get(k) as string) : '(unset)'} != ${eb.has(k) ? show(eb.get(k) as string) : '(unset)'}`;
    }
  }
  const d = compareProps(a.service, b.service, 'service', mapRef)
    ?? compareList(a.customs, b.customs, 'customs', pluginName, cmpInstance)
    ?? compareList(a.inputs, b.inputs, 'inputs', pluginName, cmpInstance)
    ?? compareList(a.filters, b.filters, 'filters', pluginName, cmpInstance)
    ?? compareList(a.outputs, b.outputs, 'outputs', pluginName, cmpInstance)
    ?? compareParsers(a.parsers, b.parsers, 'parsers')
    ?? compareMl(a.multilineParsers, b.multilineParsers, 'multiline_parsers')
    ?? compareList(a.parsersFiles, b.parsersFiles, 'parsers_file', (f) => f.value, (x, y, w) => {
      const vx = mapRef ? mapRef(x.value) : x.value;
      if (vx !== y.value) return `${w()}: ${show(vx)} != ${show(y.value)}`;
      if ((x.file === null) !== (y.file === null)) return `${w()}: read on one side only`;
      return compareParsers(x.parsers, y.parsers, `${w()} parsers`) ?? compareMl(x.multilineParsers, y.multilineParsers, `${w()} multiline_parsers`);
    })
    ?? compareList(a.plugins, b.plugins, 'plugins', (p) => p, (x, y, w) => (x === y ? null : `${w()}: ${show(x)} != ${show(y)}`))
    ?? compareUpstreams(a.upstreams, b.upstreams);
  return d;
}

function cmpInstance(x: PluginInstance, y: PluginInstance, where: () => string): string | null {
  const d = compareProps(x.props, y.props, where);
  if (d) return d;
  if ((x.yamlOnly.length > 0 || y.yamlOnly.length > 0) && x.yamlOnly.join(',') !== y.yamlOnly.join(',')) return `${where()}: YAML-only blocks differ`;
  return null;
}

/**
 * Compares the plugin instances of a setup being read (ReadSetupOptions.instanceSink) against those of a view, one
 * by one as they come, and keeps none of them (`proofstream`, memory, issue #14: the YAML view of a big setup is
 * never whole). It only vouches for sameness: `matched()` is true when every instance of each kind equals the view's
 * instance at its place (`cmpInstance`) and the counts are equal. Anything else, a difference or a read that fell
 * back (`lost`), is for compareViews on the whole views to describe.
 */
export class InstanceStream {
  readonly #view: FbView;
  readonly #taken = { custom: 0, input: 0, filter: 0, output: 0 };
  #same = true;

  constructor(view: FbView) {
    this.#view = view;
  }

  take(inst: PluginInstance): void {
    if (!this.#same) return;
    const i = this.#taken[inst.kind]++;
    const x = instancesOf(this.#view, inst.kind)[i];
    if (x === undefined || cmpInstance(x, inst, () => '') !== null) this.#same = false;
  }

  lost(): void {
    this.#same = false;
  }

  matched(): boolean {
    return this.#same && (['custom', 'input', 'filter', 'output'] as const).every((k) => this.#taken[k] === instancesOf(this.#view, k).length);
  }
}

function instancesOf(view: FbView, kind: PluginInstance['kind']): readonly PluginInstance[] {
  return kind === 'custom' ? view.customs : kind === 'input' ? view.inputs : kind === 'filter' ? view.filters : view.outputs;
}

/**
 * compareViews(a, b) for a view `b` read through an InstanceStream over `a` (its instance lists empty): when the
 * stream matched, b's instances were a's, one for one (same keys up to case, same values: the same `${VAR}` names),
 * so comparing `a` with `b` holding a's instances gives compareViews' answer on the whole views. Null when the stream
 * cannot vouch (the caller then compares whole views).
 */
export function compareStreamed(a: FbView, b: FbView, stream: InstanceStream, options: CompareOptions = {}): { diff: string | null } | null {
  if (!stream.matched() || b.customs.length + b.inputs.length + b.filters.length + b.outputs.length > 0) return null;
  return { diff: compareViews(a, { ...b, customs: a.customs, inputs: a.inputs, filters: a.filters, outputs: a.outputs }, options) };
}
