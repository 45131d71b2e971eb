import { isPair, isScalar, type Node } from 'yaml';
import type { Discovery, OperatorInput } from '../discover/discovery-types.js';

/*
 * The consumed-ranges registry of the safety net: every range of an input
 * that a recognizer read (a Fluent Bit config, an operator input, the
 * volume lists and knobs of chart values, a template or an unsupported
 * scalar reported once) or a rule looked at (its findings, its edits, and
 * what it decided about silently: RuleContext.consume). A Docker-era signal
 * inside a consumed range has been dealt with; the safety net reports the
 * others. Offsets are file offsets, per path.
 */
export class ConsumedRanges {
  /** Per path, the marks as two flat lists (no object per mark: a big config marks ~2 per change). */
  private readonly byPath = new Map<string, { readonly starts: number[]; readonly ends: number[] }>();
  /** Per path, built on the first query after a mark: non-empty ranges by start, with the running maximum of their ends. */
  private readonly index = new Map<string, RangeIndex>();

  mark(path: string, start: number, end: number): void {
    let list = this.byPath.get(path);
    if (!list) this.byPath.set(path, (list = { starts: [], ends: [] }));
    list.starts.push(Math.min(start, end));
    list.ends.push(Math.max(start, end));
    this.index.delete(path);
  }

  /** True when a marked range holds `[start, end)` (an empty mark holds nothing). */
  covers(path: string, start: number, end: number): boolean {
    let index = this.index.get(path);
    if (!index) {
      const list = this.byPath.get(path);
      index = new RangeIndex(list?.starts ?? [], list?.ends ?? []);
      this.index.set(path, index);
    }
    return index.maxEndFrom(start) >= end;
  }
}

/**
 * Ranges sorted by start, for "does one of them hold [start, end)" in
 * O(log n): the largest end among the non-empty ranges starting at or
 * before `start`.
 */
export class RangeIndex {
  private readonly starts: Float64Array;
  private readonly maxEnds: Float64Array;

  /** Ranges given as two lists: `[starts[i], ends[i])`. */
  constructor(starts: readonly number[], ends: readonly number[]) {
    let n = 0;
    for (let i = 0; i < starts.length; i++) if ((starts[i] as number) < (ends[i] as number)) n++;
    const order = new Uint32Array(n);
    n = 0;
    for (let i = 0; i < starts.length; i++) if ((starts[i] as number) < (ends[i] as number)) order[n++] = i;
    // Stable (ties as marked), though only the running maximum is read.
    order.sort((a, b) => (starts[a] as number) - (starts[b] as number) || a - b);
    this.starts = new Float64Array(n);
    this.maxEnds = new Float64Array(n);
    let max = -Infinity;
    order.forEach((r, i) => {
      max = Math.max(max, ends[r] as number);
      this.starts[i] = starts[r] as number;
      this.maxEnds[i] = max;
    });
  }

  /** The largest end of a range that starts at or before `start` (-Infinity when none does). */
  maxEndFrom(start: number): number {
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.starts[mid] as number) <= start) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? -Infinity : (this.maxEnds[lo - 1] as number);
  }
}

/** A node's range in the text it was parsed from (its value, with nested content). */
function nodeRange(node: Node | null | undefined): [number, number] | undefined {
  const r = node?.range;
  return r ? [r[0], r[1]] : undefined;
}

/**
 * Marks what the recognizers of one file read: its Fluent Bit configs
 * (whole), the operator and chart-rendered inputs (their maps), the volume
 * lists and knobs of its chart values, the pod templates' mounts and volumes
 * rules decide about, and the ranges its template and unsupported-scalar
 * diagnostics speak for (a template is one warning for the whole file).
 */
export function markDiscovery(consumed: ConsumedRanges, d: Discovery): void {
  const path = d.path;
  const mark = (r: [number, number] | undefined, toOuter: (o: number) => number = (o) => o): void => {
    if (r) consumed.mark(path, toOuter(r[0]), toOuter(r[1]));
  };
  for (const c of d.configs) consumed.mark(path, c.start, c.end);
  const markInput = (input: OperatorInput, toOuter?: (o: number) => number): void => {
    mark(nodeRange(input.extra), toOuter);
    if (!input.fields) {
      mark(nodeRange(input.tail), toOuter);
      return;
    }
    // Only the fields the chart renders are read; the others are the safety net's.
    for (const pair of input.tail.items) {
      if (!isPair(pair) || !isScalar(pair.key) || !input.fields.has(String(pair.key.value).toLowerCase())) continue;
      const start = pair.key.range?.[0];
      const end = (pair.value as Node | null)?.range?.[1] ?? pair.key.range?.[1];
      if (start !== undefined && end !== undefined) mark([start, end], toOuter);
    }
  };
  for (const input of d.operatorInputs) markInput(input, input.text?.map.toOuter);
  for (const h of d.helmCharts) {
    const toOuter = h.text?.map.toOuter;
    for (const input of h.inputs) markInput(input, toOuter);
    mark(nodeRange(h.containerRuntime), toOuter);
  }
  for (const x of d.diagnostics) {
    if (x.code === 'TEMPLATE_SYNTAX' || x.code === 'UNSUPPORTED_SCALAR_STYLE') consumed.mark(path, x.start, x.end);
  }
  // A whole-file template: its one diagnostic speaks for every line of it; skipped documents likewise.
  if (d.fileKind === 'template') consumed.mark(path, 0, d.text.length);
  for (const [s, e] of d.templateRanges) consumed.mark(path, s, e);
}
