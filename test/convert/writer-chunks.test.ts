import { afterEach, describe, expect, it } from 'vitest';
import { convertConfig } from '../../src/convert/convert-config.js';
import { convertSetup } from '../../src/convert/convert-setup.js';
import { writerLimits } from '../../src/convert/yaml-writer.js';
import { walkCorpus, walkFiles } from '../helpers/corpus.js';

/*
 * The YAML writer joins its lines into chunks as it goes (memory of a big --to-yaml, issue #14; NOTES.md
 * "`--to-yaml` classic within the RSS goal"), keeping blank lines at the end unjoined so that an empty block's
 * separator and the trailing blanks can still go. The text must not depend on where the chunks fall: every classic
 * file of the corpus and of the fixtures (walked), converted with chunks of 1 to 7 lines, equals the conversion in
 * one piece; so do setups with includes and blank-line shapes at block boundaries.
 */

const DEFAULT = writerLimits.flushLines;
afterEach(() => {
  writerLimits.flushLines = DEFAULT;
});

const texts = [...walkCorpus((rel) => /\.conf$/i.test(rel)), ...walkFiles('fixtures', (rel) => /\.conf$/i.test(rel))];
const shapes = [
  '@SET A=1\n\n\n[SERVICE]\n    Flush 1\n\n\n[INPUT]\n    Name dummy\n\n\n# end\n\n\n',
  '[INPUT]\n    Name dummy\n[OUTPUT]\n    Name stdout\n    Match *\n\n\n\n',
  '\n\n# top\n\n[PARSER]\n    Name p\n    Format json\n\n[MULTILINE_PARSER]\n    name m\n    type regex\n    rule "start_state" "/a/" "cont"\n\n\n',
  '[SERVICE]\n\n\n[CUSTOM]\n    Name calyptia\n\n[INPUT]\n    Name dummy\n\n\n[FILTER]\n    Name grep\n\n\n',
];

describe('the YAML writer in chunks', () => {
  it('walks classic files', () => {
    expect(texts.length).toBeGreaterThan(100);
  });

  it.each([...texts.map((f) => [f.rel, f.text] as const), ...shapes.map((s, i) => [`shape ${i}`, s] as const)])('%s', (_rel, text) => {
    writerLimits.flushLines = 1_000_000;
    const whole = [convertConfig(text), convertConfig(text, { role: 'parsers' })];
    for (const n of [1, 2, 3, 4, 7]) {
      writerLimits.flushLines = n;
      expect([convertConfig(text), convertConfig(text, { role: 'parsers' })]).toEqual(whole);
    }
  });

  it('a setup with includes (kept and inlined) is written the same in chunks', () => {
    const files = {
      'fluent-bit.conf': '[SERVICE]\n    Parsers_File parsers.conf\n\n[INPUT]\n    Name dummy\n\n@INCLUDE out.conf\n\n[FILTER]\n    Name grep\n\n',
      'out.conf': '\n[OUTPUT]\n    Name stdout\n    Match *\n\n',
      'parsers.conf': '[PARSER]\n    Name p\n    Format json\n\n\n',
    };
    writerLimits.flushLines = 1_000_000;
    const whole = convertSetup({ files, main: 'fluent-bit.conf' });
    expect(whole.ok).toBe(true);
    for (const n of [1, 2, 3, 5]) {
      writerLimits.flushLines = n;
      expect(convertSetup({ files, main: 'fluent-bit.conf' })).toEqual(whole);
    }
  });
});
