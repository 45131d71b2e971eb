import { toFinding, type Finding } from '../report/finding.js';
import type { FilePositions } from '../report/positions.js';
import type { FindingKind } from '../rules/run-rules.js';

const SEVERITY_ORDER = { error: 0, change: 1, warning: 2, info: 3 } as const;

/**
 * The findings of one file while the batch is processed, as rows in file
 * offsets (memory, issue #14: a 50 MB config has ~180,000 findings; a row
 * is a shared kind and two numbers, not a wrapper object, a finding object
 * and its range). A row's order of report is its index, unless rows were
 * dropped (the alias guard): then `orders` keeps the numbers they had, as
 * the next report's number is the count of rows.
 */
export class FileFindings {
  readonly kinds: FindingKind[] = [];
  readonly starts: number[] = [];
  readonly ends: number[] = [];
  private orders: number[] | undefined;

  get length(): number {
    return this.kinds.length;
  }

  push(kind: FindingKind, start: number, end: number): void {
    this.orders?.push(this.kinds.length);
    this.kinds.push(kind);
    this.starts.push(start);
    this.ends.push(end);
  }

  /** Keeps the rows `keep` says yes to (by index), in order. */
  retain(keep: (i: number) => boolean): void {
    const orders = this.orders ?? this.kinds.map((_, i) => i);
    let to = 0;
    for (let i = 0; i < this.kinds.length; i++) {
      if (!keep(i)) continue;
      this.kinds[to] = this.kinds[i] as FindingKind;
      this.starts[to] = this.starts[i] as number;
      this.ends[to] = this.ends[i] as number;
      orders[to] = orders[i] as number;
      to++;
    }
    if (to === this.kinds.length) return;
    this.kinds.length = to;
    this.starts.length = to;
    this.ends.length = to;
    orders.length = to;
    this.orders = orders;
  }

  private order(i: number): number {
    return this.orders ? (this.orders[i] as number) : i;
  }

  /**
   * The public findings in file order: by position, a change before the
   * warnings and notes about the same spot, then as reported; the same
   * finding twice (same position, rule, message and data) is kept once, the
   * first reported. `withChanges` false: without the `change` findings (a
   * file left as it was). One message string per kind.
   */
  located(path: string, positions: FilePositions, withChanges = true): Finding[] {
    const { kinds, starts } = this;
    const rows = new Uint32Array(kinds.length);
    for (let i = 0; i < rows.length; i++) rows[i] = i;
    const severity = (i: number): number => SEVERITY_ORDER[(kinds[i] as FindingKind).severity];
    rows.sort((a, b) => (starts[a] as number) - (starts[b] as number) || severity(a) - severity(b) || this.order(a) - this.order(b) || a - b);
    const messages = new Map<FindingKind, string>();
    const out: Finding[] = [];
    for (let at = 0; at < rows.length; ) {
      // The rows at one position: duplicates are among them only.
      let end = at + 1;
      while (end < rows.length && starts[rows[end] as number] === starts[rows[at] as number]) end++;
      const kept = end - at > 1 ? firstOfEachKind(kinds, rows, at, end) : undefined;
      for (let k = at; k < end; k++) {
        const i = rows[k] as number;
        if (kept && !kept.has(i)) continue;
        const kind = kinds[i] as FindingKind;
        if (!withChanges && kind.severity === 'change') continue;
        const finding = toFinding(kind, starts[i] as number, this.ends[i] as number, path, positions, messages.get(kind));
        if (!messages.has(kind)) messages.set(kind, finding.message);
        out.push(finding);
      }
      at = end;
    }
    return out;
  }
}

/** What makes two findings at one position the same (rule, message id, data; the severity follows from them). */
function sameKindKey(kind: FindingKind): string {
  return `${kind.ruleId}:${kind.messageId}:${JSON.stringify(kind.data)}:${kind.note ?? ''}`;
}

/** For rows[from, to) (one position), the first row (lowest index: reported first) of each kind: the rows to keep. */
function firstOfEachKind(kinds: readonly FindingKind[], rows: Uint32Array, from: number, to: number): Set<number> {
  const first = new Map<string, number>();
  for (let k = from; k < to; k++) {
    const i = rows[k] as number;
    const key = sameKindKey(kinds[i] as FindingKind);
    const seen = first.get(key);
    if (seen === undefined || i < seen) first.set(key, i);
  }
  return new Set(first.values());
}
