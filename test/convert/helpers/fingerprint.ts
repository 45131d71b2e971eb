import { cLower } from '../../../src/source/c-text.js';
import { envLookup, expandVars } from '../../../src/convert/env.js';
import type { FbView, PluginInstance } from '../../../src/convert/view.js';

/*
 * Projects a view onto the part of Fluent Bit's sosreport that
 * ../shared/conformance/fingerprints.jsonl stores, so a converted config can
 * be compared with what Fluent Bit itself reported. Every display rule here
 * is derived from Fluent Bit's code (cited), never from a particular case:
 *
 * - flush: `atof` printed with "%f"; log_level: the level name capitalised;
 * - mem_buf_limit: flb_utils_size_to_bytes (k/m/g are 1000-based), printed by
 *   flb_utils_bytes_to_human_readable_size ("%.1f" of 1024-based units);
 * - instance ids count per kind, and an input without tag is tagged
 *   `<plugin>.<id>`; `match` is "(null)" when only match_regex is set, and
 *   "*" for the only output of a 1-input setup without a match rule
 *   (src/flb_router.c flb_router_io_set);
 * - values are expanded (`${VAR}`), except the dummy plugin's dummy/metadata;
 * - keys Fluent Bit stores outside `properties` are left out (README list);
 * - instances Fluent Bit adds itself: a storage_backlog input when
 *   service storage.path is set, and an emitter input (+ the filter's
 *   `emitter_name`) for every rewrite_tag filter.
 */

export interface FpInstance {
  readonly plugin: string;
  readonly tag?: string;
  readonly match?: string;
  readonly mem_buf_limit?: string;
  readonly properties: readonly (readonly [string, string])[];
}

export interface Fingerprint {
  readonly service: { readonly flush: string; readonly daemon: string; readonly log_level: string };
  readonly inputs: readonly FpInstance[];
  readonly filters: readonly FpInstance[];
  readonly outputs: readonly FpInstance[];
}

const CORE_EXCLUDED = new Set([
  'name', 'tag', 'match', 'match_regex', 'alias', 'log_level', 'log_suppress_interval', 'mem_buf_limit', 'routable',
  'threaded', 'rate_window', 'listen', 'host', 'port', 'ipv6', 'tls',
]);
const EXCLUDED_PREFIXES = ['storage.', 'thread.ring_buffer.', 'rate_gate', 'net.', 'oauth2', 'tls.'];
const OUTPUT_EXCLUDED = new Set(['retry_limit', 'workers']);

const FILTER_EXCLUDED = new Set(['name', 'match', 'match_regex', 'alias', 'log_level', 'log_suppress_interval']);

function excluded(kind: 'input' | 'filter' | 'output', key: string): boolean {
  if (kind === 'filter') return FILTER_EXCLUDED.has(key);
  if (CORE_EXCLUDED.has(key)) return true;
  if (EXCLUDED_PREFIXES.some((p) => key.startsWith(p))) return true;
  return kind === 'output' && OUTPUT_EXCLUDED.has(key);
}

/** flb_utils_size_to_bytes: a number with an optional k/m/g/t (1000-based) suffix, optional trailing b. */
export function sizeToBytes(value: string): number | null {
  const s = value.trim();
  let i = 0;
  while (i < s.length && ((s[i] as string) >= '0' && (s[i] as string) <= '9' || s[i] === '.')) i++;
  if (i === 0) return null;
  const num = Number.parseFloat(s.slice(0, i));
  const suffix = s.slice(i).trim().toLowerCase();
  const mult: Record<string, number> = { '': 1, b: 1, k: 1e3, kb: 1e3, m: 1e6, mb: 1e6, g: 1e9, gb: 1e9, t: 1e12, tb: 1e12 };
  const m = mult[suffix];
  return m === undefined ? null : Math.trunc(num * m);
}

/** flb_utils_bytes_to_human_readable_size. */
export function humanSize(bytes: number): string {
  const units = ['b', 'K', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y'];
  let u = 1024;
  let i = 0;
  for (; i < units.length; i++) {
    if (Math.floor(bytes / u) === 0) break;
    u *= 1024;
  }
  if (i === 0) return `${bytes}${units[0]}`;
  const f = Math.fround(bytes / (u / 1024));
  return `${printf1(f)}${units[i]}`;
}

/** printf("%.1f") of a double: round half to even on exact ties. */
function printf1(x: number): string {
  const scaled = x * 10;
  const floor = Math.floor(scaled);
  const frac = scaled - floor;
  const n = frac > 0.5 ? floor + 1 : frac < 0.5 ? floor : floor % 2 === 0 ? floor : floor + 1;
  return (n / 10).toFixed(1);
}

const capitalise = (s: string): string => (s.length === 0 ? s : (s[0] as string).toUpperCase() + s.slice(1));

/**
 * flb_utils_bool: true/on/yes -> 1, false/off/no -> 0, anything else -> -1,
 * which the report shows as "On" (non-zero).
 */
function boolOnOff(v: string): string {
  return ['false', 'off', 'no'].includes(cLower(v.trim())) ? 'Off' : 'On';
}

function logLevelName(v: string): string {
  const l = cLower(v.trim());
  if (l === 'warning') return 'Warn';
  return capitalise(l);
}

export function projectFingerprint(view: FbView, processEnv: Readonly<Record<string, string>>): Fingerprint {
  const lookup = envLookup(view.env, processEnv);
  const expand = (v: string): string => expandVars(v, lookup);
  let flush = '1';
  let daemon = 'Off';
  let logLevel = 'info';
  let storagePath = '';
  for (const p of view.service) {
    const k = cLower(p.key);
    const v = expand(p.value);
    if (k === 'flush') flush = v;
    else if (k === 'daemon') daemon = boolOnOff(v);
    else if (k === 'log_level') logLevel = v;
    else if (k === 'storage.path') storagePath = v;
  }
  const flushNum = Number.parseFloat(flush.trim());
  const inputs = view.inputs.map((inst, id) => projectInstance('input', inst, id, expand));
  const filters = view.filters.map((inst, id) => {
    const { noMatchRule: _unused, ...rest } = projectInstance('filter', inst, id, expand) as FpInstance & { noMatchRule?: boolean };
    return rest as FpInstance;
  });
  const extraInputs: FpInstance[] = [];
  let nextInputId = inputs.length;
  if (storagePath !== '') {
    extraInputs.push({ plugin: 'storage_backlog', tag: `storage_backlog.${nextInputId}`, properties: [] });
    nextInputId++;
  }
  const filtersOut = filters.map((f, id) => {
    if (f.plugin !== 'rewrite_tag') return f;
    const inst = view.filters[id] as PluginInstance;
    const own = (k: string): string | undefined => {
      const hits = inst.props.filter((p) => cLower(p.key) === k);
      return hits.length ? expand((hits[hits.length - 1] as { value: string }).value) : undefined;
    };
    const alias = own('alias');
    const emitterName = own('emitter_name');
    const limit = sizeToBytes(own('emitter_mem_buf_limit') ?? '10M') ?? 10e6;
    extraInputs.push({ plugin: 'emitter', tag: `emitter.${nextInputId}`, mem_buf_limit: humanSize(limit), properties: [] });
    nextInputId++;
    if (emitterName !== undefined) return f;
    return { ...f, properties: [...f.properties, ['emitter_name', `emitter_for_${alias ?? `rewrite_tag.${id}`}`] as const] };
  });
  return {
    service: {
      flush: (Number.isNaN(flushNum) ? 0 : flushNum).toFixed(6),
      daemon,
      log_level: logLevelName(logLevel),
    },
    inputs: [...inputs, ...extraInputs],
    filters: filtersOut,
    outputs: view.outputs.map((inst, id) => {
      const o = projectInstance('output', inst, id, expand) as FpInstance & { noMatchRule?: boolean };
      const { noMatchRule, ...rest } = o;
      // flb_router_io_set: with exactly one input and one output, an output without
      // any match rule is connected with match "*"
      return noMatchRule && view.inputs.length === 1 && view.outputs.length === 1 ? { ...rest, match: '*' } : rest;
    }),
  };
}

function projectInstance(kind: 'input' | 'filter' | 'output', inst: PluginInstance, id: number, expand: (v: string) => string): FpInstance {
  const nameProp = inst.props.find((p) => cLower(p.key) === 'name');
  const plugin = cLower(expand(nameProp?.value ?? ''));
  let tag: string | undefined;
  let match: string | undefined;
  let matchRegex: string | undefined;
  let memBuf: string | undefined;
  let alias: string | undefined;
  const properties: [string, string][] = [];
  for (const p of inst.props) {
    const k = cLower(p.key);
    const raw = plugin === 'dummy' && (k === 'dummy' || k === 'metadata');
    const v = raw ? p.value : expand(p.value);
    if (v === '') continue; // an empty value is treated as unset
    if (k === 'tag') tag = v;
    else if (k === 'match') match = v;
    else if (k === 'match_regex') matchRegex = v;
    else if (k === 'mem_buf_limit') memBuf = v;
    else if (k === 'alias') alias = v;
    if (!excluded(kind, k)) properties.push([k, v]);
  }
  const out: { -readonly [K in keyof FpInstance]: FpInstance[K] } = { plugin, properties };
  if (kind === 'input') {
    out.tag = tag ?? alias ?? `${plugin}.${id}`;
    if (memBuf !== undefined) {
      const bytes = sizeToBytes(memBuf);
      if (bytes !== null) out.mem_buf_limit = humanSize(bytes);
    }
  } else {
    // "(null)" when only match_regex (or nothing) is set; see projectFingerprint for the 1:1 case
    out.match = match ?? '(null)';
    if (match === undefined && matchRegex === undefined) (out as { noMatchRule?: boolean }).noMatchRule = true;
  }
  return out;
}

interface StoredInstance {
  plugin: string;
  tag?: string;
  match?: string;
  mem_buf_limit?: string;
  properties: [string, string][];
}

/** The comparable part of a stored fingerprint. */
export function storedFingerprint(fp: {
  service: { flush: string; daemon: string; log_level: string };
  inputs: StoredInstance[]; filters: StoredInstance[]; outputs: StoredInstance[];
}): Fingerprint {
  const pick = (kind: 'input' | 'filter' | 'output') => (i: StoredInstance): FpInstance => {
    const out: { -readonly [K in keyof FpInstance]: FpInstance[K] } = { plugin: i.plugin, properties: i.properties.map(([k, v]) => [k, v] as const) };
    if (kind === 'input') {
      if (i.tag !== undefined) out.tag = i.tag;
      if (i.mem_buf_limit !== undefined) out.mem_buf_limit = i.mem_buf_limit;
    } else if (i.match !== undefined) out.match = i.match;
    return out;
  };
  return {
    service: { flush: fp.service.flush, daemon: fp.service.daemon, log_level: fp.service.log_level },
    inputs: fp.inputs.map(pick('input')),
    filters: fp.filters.map(pick('filter')),
    outputs: fp.outputs.map(pick('output')),
  };
}
