import { afterEach, describe, expect, it } from 'vitest';
import { compareStreamed, compareViews, InstanceStream } from '../../src/convert/compare-views.js';
import { convertConfig } from '../../src/convert/convert-config.js';
import { readSetup } from '../../src/convert/read-setup.js';
import { setupFilesFrom } from '../../src/convert/setup-files.js';
import type { FbView } from '../../src/convert/view.js';
import { yamlPieces } from '../../src/yaml/yaml-pieces.js';
// @ts-expect-error -- a plain .mjs module without types
import { generateClassic } from '../../bench/generate-scale.mjs';
import { walkCorpus, walkFiles } from '../helpers/corpus.js';

/*
 * The proof compares while reading (`proofstream`, NOTES.md): the YAML read back hands its plugin instances to an
 * InstanceStream over the classic view, which keeps none. compareStreamed then answers only when the stream vouches
 * for sameness, and its answer must be compareViews' on the two whole views; otherwise convertSetup compares whole
 * views. Checked on every classic config of the corpus and of fixtures/ (convert, to-yaml), generated ones, and
 * mutants of their YAML (a changed value, a property or an instance missing, extra or moved), read whole and in pieces.
 */

const defaultMin = yamlPieces.minBytes;
afterEach(() => {
  yamlPieces.minBytes = defaultMin;
});

const isClassic = (rel: string): boolean => /\.conf$/i.test(rel);
const classicSources = [
  ...walkCorpus(isClassic).map((f) => ({ rel: `corpus/${f.rel}`, text: f.text })),
  ...walkFiles('fixtures/convert', isClassic).map((f) => ({ rel: `fixtures/convert/${f.rel}`, text: f.text })),
  ...walkFiles('fixtures/to-yaml', isClassic).map((f) => ({ rel: `fixtures/to-yaml/${f.rel}`, text: f.text })),
  { rel: 'generated 40 KB', text: generateClassic(40_000) as string },
  { rel: 'generated 300 KB', text: generateClassic(300_000) as string },
];

const read = (name: string, text: string, sink?: InstanceStream): ReturnType<typeof readSetup> =>
  readSetup(name, { files: setupFilesFrom({ [name]: text }), followIncludes: false, followParsersFiles: false, ...(sink ? { instanceSink: sink } : {}) });

function converted(text: string): string | undefined {
  try {
    return convertConfig(text).yaml ?? undefined;
  } catch {
    return undefined;
  }
}

/** Mutants of a YAML text, each a plausible difference: [what, text]. */
function mutants(yaml: string): [string, string][] {
  const lines = yaml.split('\n');
  const out: [string, string][] = [];
  const with_ = (what: string, next: string[]): void => {
    out.push([what, next.join('\n')]);
  };
  const item = lines.findIndex((l) => /^ {4}- name: /.test(l));
  const prop = lines.findIndex((l, i) => i > item && item >= 0 && /^ {6}[\w.-]+: \S/.test(l));
  if (prop >= 0) {
    with_('changed value', lines.map((l, i) => (i === prop ? `${l}X` : l)));
    with_('missing property', lines.filter((_l, i) => i !== prop));
    with_('extra property', lines.flatMap((l, i) => (i === prop ? [l, l] : [l])));
    with_('changed key', lines.map((l, i) => (i === prop ? l.replace(/^( {6})([\w.-]+)/, '$1$2x') : l)));
  }
  // Instances: the items of the first list with two or more.
  const starts = lines.flatMap((l, i) => (/^ {4}- /.test(l) ? [i] : []));
  const end = (s: number): number => {
    let e = s + 1;
    while (e < lines.length && /^ {6}|^\s*$|^\s*#/.test(lines[e] as string) && !/^ {4}- /.test(lines[e] as string)) e++;
    return e;
  };
  const first = starts[0];
  if (first !== undefined) {
    const e = end(first);
    const block = lines.slice(first, e);
    with_('missing instance', [...lines.slice(0, first), ...lines.slice(e)]);
    with_('extra instance', [...lines.slice(0, e), ...block, ...lines.slice(e)]);
    const second = starts[1];
    if (second === e) {
      const e2 = end(second);
      with_('moved instance', [...lines.slice(0, first), ...lines.slice(second, e2), ...block, ...lines.slice(e2)]);
    }
    const last = starts[starts.length - 1] as number;
    with_('missing last instance', [...lines.slice(0, last), ...lines.slice(end(last))]);
  }
  return out;
}

/** The streamed answer, or undefined when the stream cannot vouch; `whole` compareViews' answer on the whole views. */
function both(a: FbView, yaml: string, minBytes: number): { whole: string | null; streamed: { diff: string | null } | null } | null {
  yamlPieces.minBytes = minBytes;
  const whole = read('fluent-bit.yaml', yaml);
  const stream = new InstanceStream(a);
  const back = read('fluent-bit.yaml', yaml, stream);
  expect(back.errors).toEqual(whole.errors);
  if (whole.errors.length > 0) return null;
  return { whole: compareViews(a, whole.view), streamed: compareStreamed(a, back.view, stream) };
}

describe('the proof compares while reading', () => {
  const cases = classicSources.flatMap((f) => {
    const yaml = converted(f.text);
    return yaml === undefined ? [] : [[f.rel, f.text, yaml] as const];
  });

  it('walks the configs', () => {
    expect(cases.length).toBeGreaterThan(40);
  });

  it.each(cases)('%s: the streamed answer is the whole one', (_rel, text, yaml) => {
    const a = read('fluent-bit.conf', text).view;
    for (const minBytes of [0, Infinity]) {
      const same = both(a, yaml, minBytes);
      expect(same?.whole).toBeNull();
      // An equal conversion is vouched for by the stream, but where a read in pieces fell back (nothing to cut).
      if (minBytes === Infinity || same?.streamed !== null) expect(same?.streamed).toEqual({ diff: null });
      for (const [what, mutant] of mutants(yaml)) {
        const r = both(a, mutant, minBytes);
        if (r === null) continue;
        if (r.streamed === null) continue;
        expect({ what, diff: r.streamed.diff }).toEqual({ what, diff: r.whole });
      }
    }
  });

  it('finds the mutants different, whole (the fallback), for the generated config', () => {
    const text = generateClassic(40_000) as string;
    const yaml = converted(text) as string;
    const a = read('fluent-bit.conf', text).view;
    const found = mutants(yaml).map(([what, mutant]) => {
      const r = both(a, mutant, 0);
      return [what, r?.whole !== null, r?.streamed === null || r?.streamed.diff === r?.whole] as const;
    });
    expect(found.length).toBeGreaterThanOrEqual(8);
    for (const [what, differs, same] of found) expect({ what, differs, same }).toEqual({ what, differs: true, same: true });
  });

  it('cannot vouch once a read it fed is undone', () => {
    const text = generateClassic(40_000) as string;
    const yaml = converted(text) as string;
    const a = read('fluent-bit.conf', text).view;
    const stream = new InstanceStream(a);
    const back = read('fluent-bit.yaml', yaml, stream);
    expect(compareStreamed(a, back.view, stream)).toEqual({ diff: null });
    stream.lost();
    expect(compareStreamed(a, back.view, stream)).toBeNull();
  });
});
