import type { Edit } from '../source/edit.js';
import { applyEdits } from '../source/apply-edits.js';
import { encodeBase64 } from '../source/base64.js';
import { LineIndex } from '../source/line-index.js';
import type { EmbeddedText } from './embedded-text.js';
import type { OffsetMap } from './offset-map.js';

/**
 * How a base64 value is laid out in its scalar: the length of its lines when
 * it is wrapped (every line but the last as long as the first; undefined on
 * one line) and the line breaks after its last line (a `|` block keeps one).
 */
export interface Base64Layout {
  readonly width: number | undefined;
  readonly tail: string;
}

export function base64Layout(value: string): Base64Layout {
  // A loop, not /[\r\n]*$/: that regex is quadratic on a long run of line breaks (test/fuzz/redos-static.test.ts).
  let cut = value.length;
  while (cut > 0 && (value[cut - 1] === '\n' || value[cut - 1] === '\r')) cut--;
  const tail = value.slice(cut);
  const lines = value.slice(0, cut).split(/\r?\n/);
  return { width: lines.length > 1 ? (lines[0] as string).length : undefined, tail };
}

/** The base64 of `text` laid out as `layout` says: wrapped at the same width, the same line breaks after it. */
export function layoutBase64(text: string, layout: Base64Layout): string {
  const b64 = encodeBase64(text);
  const { width } = layout;
  if (width === undefined || width <= 0) return b64 + layout.tail;
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += width) lines.push(b64.slice(i, i + width));
  return lines.join('\n') + layout.tail;
}

/**
 * Where an offset of a text held as base64 is, in words (` (line 3 of the decoded base64 value)`), for the messages
 * of findings and diagnostics there: every offset of such a text maps to the value's start. '' for any other text.
 */
export function base64LineNote(config: { readonly text: string; readonly encoding?: 'base64' }, offset: number): string {
  if (config.encoding !== 'base64') return '';
  return decodedLineWords(new LineIndex(config.text).position(offset).line);
}

/** The words base64LineNote adds for a 1-based line of the decoded text. */
export function decodedLineWords(line: number): string {
  return ` (line ${line} of the decoded base64 value)`;
}

/**
 * The map of a text held as base64 in a scalar (a Secret's `data`, a
 * ConfigMap's `binaryData`): `decoded` is the text, `scalar` the base64
 * string's own map to the file. Every offset of the text is the scalar's
 * start (the key's line: base64 has no lines of the text). The edits of the
 * text, all in one call, are applied to it, the result re-encoded in the
 * original layout and written through the scalar's map in its own style
 * (plain, quoted, literal block), as one splice of the file.
 */
export function base64Map(fileText: string, scalar: EmbeddedText, decoded: string): OffsetMap {
  const layout = base64Layout(scalar.text);
  return {
    toOuter: () => scalar.start,
    mapEdits: (edits: readonly Edit[]): Edit[] => {
      if (edits.length === 0) return [];
      const next = applyEdits(decoded, edits);
      if (next === decoded) return [];
      const origin = edits[0]?.origin ?? 'base64';
      const outer = scalar.map.mapEdits([{ start: 0, end: scalar.text.length, text: layoutBase64(next, layout), origin }]);
      if (outer.length <= 1) return outer;
      const start = Math.min(...outer.map((e) => e.start));
      const end = Math.max(...outer.map((e) => e.end));
      const text = applyEdits(fileText.slice(start, end), outer.map((e) => ({ ...e, start: e.start - start, end: e.end - start })));
      return [{ start, end, text, origin }];
    },
  };
}
