import type { FluentBitVersion } from './types.js';

/*
 * The Fluent Bit a chart release runs when its values set no image tag: the chart's appVersion (the
 * fluent/fluent-bit chart's DaemonSet template renders `{{ .Values.image.tag | default .Chart.AppVersion }}`),
 * which the chart version the release pins tells.
 */

/**
 * fluent/fluent-bit chart versions -> appVersion: each line holds chart versions (`0.19.10-17` is 0.19.10 to
 * 0.19.17, each published), then the appVersion they share. From the `version` and `appVersion` of
 * `entries.fluent-bit` of https://fluent.github.io/helm-charts/index.yaml (fluent/helm-charts `index.yaml` at
 * commit 01148956d407bc45f1d992bf0002972ff626f199; its last entry, 0.37.1, was created 2023-08-17): 145 charts.
 */
const FLUENT_BIT_CHART_TABLE = `
0.1.0-4 0.2.0-7 1.3.7
0.3.0 1.4.1
0.3.1-3 1.4.4
0.4.0 0.5.0 1.4.6
0.6.0 1.5.0
0.6.1-2 1.5.2
0.6.3 1.5.4
0.7.1 1.5.6
0.7.2-3 1.5.7
0.7.4-5 1.6.3
0.7.6-7 1.6.5
0.7.8-10 1.6.6
0.7.12-13 0.8.0 1.6.8
0.8.2-3 0.9.0 0.10.0 0.11.0 0.12.1 1.6.10
0.12.2 1.7.0
0.12.3 0.13.0 1.7.1
0.13.1 0.14.0-1 0.15.0-3 1.7.2
0.15.4-6 1.7.3
0.15.7-8 1.7.4
0.15.9 1.7.5
0.15.10 1.7.6
0.15.11-13 1.7.7
0.15.14 1.7.8
0.15.15 1.7.9
0.16.0-1 1.8.2
0.16.2-4 1.8.3
0.16.5 1.8.5
0.16.6 0.17.0 0.18.0 1.8.6
0.18.1 0.19.0 1.8.7
0.19.1 1.8.8
0.19.2-5 1.8.9
0.19.6-9 1.8.10
0.19.10-17 1.8.11
0.19.18-19 1.8.12
0.19.20 1.8.13
0.19.21-22 1.8.14
0.19.23-24 1.8.15
0.20.0-1 1.9.3
0.20.2 1.9.4
0.20.3 1.9.5
0.20.4 1.9.6
0.20.5-6 1.9.7
0.20.7-8 1.9.8
0.20.9-11 1.9.9
0.21.0 2.0.4
0.21.1-3 2.0.5
0.21.4-6 2.0.6
0.21.7 0.22.0 0.23.0 2.0.8
0.24.0 2.0.9
0.25.0 2.0.10
0.26.0 0.27.0 2.0.11
0.28.0 2.1.2
0.29.0 2.1.3
0.30.0-4 2.1.4
0.31.0 0.32.0-2 2.1.5
0.33.0 0.34.0-2 2.1.6
0.35.0-1 0.36.0 2.1.7
0.37.0-1 2.1.8
`;

/**
 * The deprecated stable/fluent-bit chart (helm/charts, frozen since 2020-11-13): its last chart's default image is
 * `fluent/fluent-bit:1.3.7` (helm/charts `stable/fluent-bit/values.yaml` at b5cb5250, `image.fluent_bit.tag`;
 * the corpus keeps it), and every earlier chart ran an older one (0.16.3's appVersion is 0.14.8; the first, 2017,
 * ran 0.11.7). So any stable/fluent-bit chart's default image runs Fluent Bit 1.3.7 or older.
 */
export const STABLE_FLUENT_BIT_LAST_APP_VERSION: FluentBitVersion = { major: 1, minor: 3, patch: 7 };

export type Triple = readonly [number, number, number];

interface ChartEntry {
  readonly chart: Triple;
  readonly app: FluentBitVersion;
}

let table: readonly ChartEntry[] | undefined;

/** The table, ascending by chart version (parsed once). */
function chartTable(): readonly ChartEntry[] {
  if (table) return table;
  const out: ChartEntry[] = [];
  for (const line of FLUENT_BIT_CHART_TABLE.split('\n')) {
    const words = line.trim().split(' ');
    const app = words.pop();
    if (app === undefined || words.length === 0) continue;
    const [major, minor, patch] = app.split('.').map(Number) as [number, number, number];
    for (const word of words) {
      const [base, to] = word.split('-') as [string, string | undefined];
      const [a, b, from] = base.split('.').map(Number) as [number, number, number];
      for (let p = from; p <= (to === undefined ? from : Number(to)); p++) out.push({ chart: [a, b, p], app: { major, minor, patch } });
    }
  }
  out.sort((x, y) => compareTriples(x.chart, y.chart));
  table = out;
  return out;
}

/** Negative when chart version a < b. */
export function compareTriples(a: Triple, b: Triple): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/** An exact chart version (`1.16.1`, `v1.10.0`); undefined for a range, a wildcard, a prerelease or a git ref. */
export function exactChartVersion(text: string): Triple | undefined {
  const nums = parseVersionWord(text.trim());
  return nums?.length === 3 ? (nums as unknown as Triple) : undefined;
}

function formatTriple(t: Triple): string {
  return t.join('.');
}

/** One comparator of a constraint: a test, and the lowest version it lets through when it sets one. */
interface Comparator {
  readonly test: (v: Triple) => boolean;
  readonly low: Triple | undefined;
}

const OPERATORS = ['>=', '=>', '<=', '=<', '!=', '~>', '>', '<', '=', '~', '^'] as const;

/** `1.2.3`, `v1.2`, `1.x`, `*`: the numbers given (a wildcard ends them); undefined for anything else (a prerelease, a template). */
function parseVersionWord(word: string): number[] | undefined {
  const parts = word.replace(/^v/i, '').split('.');
  if (parts.length > 3) return undefined;
  const nums: number[] = [];
  for (const part of parts) {
    if (part === 'x' || part === 'X' || part === '*') return nums;
    if (!/^\d+$/.test(part)) return undefined;
    nums.push(Number(part));
  }
  return nums;
}

/** `nums` padded with zeros. */
function floor(nums: readonly number[]): Triple {
  return [nums[0] ?? 0, nums[1] ?? 0, nums[2] ?? 0];
}

/** The first version past every version `nums` names (`1.2` -> 1.3.0, `1` -> 2.0.0); undefined for `*`. */
function past(nums: readonly number[]): Triple | undefined {
  if (nums.length === 0) return undefined;
  if (nums.length === 1) return [(nums[0] as number) + 1, 0, 0];
  if (nums.length === 2) return [nums[0] as number, (nums[1] as number) + 1, 0];
  return [nums[0] as number, nums[1] as number, (nums[2] as number) + 1];
}

/** A version in [low, high) (either side open when undefined). */
function between(low: Triple | undefined, high: Triple | undefined): Comparator {
  return { test: (v) => (low === undefined || compareTriples(v, low) >= 0) && (high === undefined || compareTriples(v, high) < 0), low: low && compareTriples(low, [0, 0, 0]) > 0 ? low : undefined };
}

/**
 * One comparator of a Helm chart version constraint as Masterminds/semver v3 reads it (Helm, Argo CD, Flux and
 * helmfile use it): `=`/none (a wildcard or a missing part makes it a range: `0.20` is `0.20.*`), `!=`, `>`, `>=`,
 * `<`, `<=`, `~` (`~0.20.1`: >=0.20.1 <0.21.0), `^` (`^0.19`: >=0.19.0 <0.20.0; `^1.2`: <2.0.0).
 */
function comparator(op: string, nums: readonly number[]): Comparator {
  const exact = nums.length === 3;
  const low = floor(nums);
  switch (op) {
    case '>': return exact ? { test: (v) => compareTriples(v, low) > 0, low } : between(past(nums) ?? [Infinity, 0, 0], undefined);
    case '>=': case '=>': return between(low, undefined);
    case '<': return between(undefined, low);
    case '<=': case '=<': return exact ? { test: (v) => compareTriples(v, low) <= 0, low: undefined } : between(undefined, past(nums));
    case '!=': {
      const range = between(low, past(nums));
      return { test: (v) => !range.test(v), low: undefined };
    }
    case '~': case '~>': return between(low, nums.length <= 1 ? past(nums) : [low[0], low[1] + 1, 0]);
    case '^': {
      if (nums.length === 0) return between(undefined, undefined);
      // Below 1.0.0 the first non-zero part (or the last given) is the one that may not change.
      const high: Triple = low[0] > 0 || nums.length === 1 ? [low[0] + 1, 0, 0] : low[1] > 0 || nums.length === 2 ? [0, low[1] + 1, 0] : [0, 0, low[2] + 1];
      return between(low, high);
    }
    default: return between(nums.length === 0 ? undefined : low, past(nums));
  }
}

/** A constraint's alternatives (`||`), each its comparators; undefined when a word is not one Masterminds reads. */
function parseConstraint(text: string): Comparator[][] | undefined {
  const alternatives: Comparator[][] = [];
  for (const alt of text.split('||')) {
    // `1.2 - 1.4.5` (a hyphen range: >=1.2 <=1.4.5) is three words.
    const words = alt.split(/[\s,]/).filter((w) => w !== '');
    const out: Comparator[] = [];
    for (let i = 0; i < words.length; i++) {
      const word = words[i] as string;
      if (words[i + 1] === '-' && words[i + 2] !== undefined) {
        const from = parseVersionWord(word);
        const to = parseVersionWord(words[i + 2] as string);
        if (!from || !to) return undefined;
        out.push(comparator('>=', from), comparator('<=', to));
        i += 2;
        continue;
      }
      const op = OPERATORS.find((o) => word.startsWith(o)) ?? '';
      // `>= 0.15`: the operator and its version as two words.
      const rest = word.slice(op.length) === '' && op !== '' ? words[++i] : word.slice(op.length);
      const nums = rest === undefined ? undefined : parseVersionWord(rest);
      if (!nums) return undefined;
      out.push(comparator(op, nums));
    }
    if (out.length === 0) return undefined;
    alternatives.push(out);
  }
  return alternatives;
}

/** What the chart version a release pins tells of its default image's Fluent Bit. */
export type ChartDefaultVersion =
  /** One chart of the table, or a range's oldest match: its appVersion. */
  | { readonly kind: 'known'; readonly chart: string; readonly version: FluentBitVersion; readonly range: boolean }
  /** Newer than every chart of the table: at least the table's last appVersion. */
  | { readonly kind: 'newer'; readonly last: string; readonly atLeast: FluentBitVersion };

/**
 * The Fluent Bit of the fluent/fluent-bit chart's default image at the chart version `written` (as a release pins
 * it): an exact version of the table -> its appVersion; a constraint -> the appVersion of the oldest chart of the
 * table it matches (the oldest decides, as for a release's other deployments); a version or a constraint's lowest
 * bound past the table -> at least the table's last appVersion. Undefined when it tells nothing: unknown to the
 * table, a template, a constraint with no lower bound (`*`, `<0.30.0`: any chart up to the newest may run).
 */
export function fluentBitChartDefault(written: string): ChartDefaultVersion | undefined {
  const text = written.trim();
  if (text === '' || text.length > 200) return undefined;
  const alternatives = parseConstraint(text);
  if (!alternatives) return undefined;
  const charts = chartTable();
  const last = charts[charts.length - 1] as ChartEntry;
  const range = !/^[=v]?\d+\.\d+\.\d+$/.test(text.replace(/^=\s*/, '='));
  // Each alternative's lowest version: none (a constraint that lets any old chart through) tells nothing.
  const lows = alternatives.map((comparators) => comparators.reduce<Triple | undefined>((low, c) => (c.low && (!low || compareTriples(c.low, low) > 0) ? c.low : low), undefined));
  if (lows.some((low) => low === undefined)) return undefined;
  const match = charts.find((entry) => alternatives.some((comparators) => comparators.every((c) => c.test(entry.chart))));
  if (match) return { kind: 'known', chart: formatTriple(match.chart), version: match.app, range };
  const newer = (lows as Triple[]).every((low) => compareTriples(low, last.chart) > 0);
  return newer ? { kind: 'newer', last: formatTriple(last.chart), atLeast: last.app } : undefined;
}
