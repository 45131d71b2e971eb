import type { CST } from 'yaml';
import type { Edit } from '../source/edit.js';
import { applyEdits } from '../source/apply-edits.js';
import type { OffsetMap } from './offset-map.js';
import { normalizeEdits } from './merge-edits.js';

/** One physical line of a literal block scalar's body in the outer file. */
interface BodyLine {
  readonly lineStart: number;
  /** Where the content starts: after `indent` columns, or at the line's end when it is shorter. */
  readonly contentStart: number;
  /** Before the line break (`\r\n` or `\n`) or end of file. */
  readonly contentEnd: number;
  readonly newline: string;
}

/** Everything needed to map a literal block scalar (`|`, `|-`, `|+`, `|2`...) line by line. */
export interface BlockLayout {
  readonly headerStart: number;
  readonly headerSource: string;
  readonly chomp: '' | '-' | '+';
  readonly indent: number;
  /** Indentation of the parent node (the CST token's), used to write an explicit indentation indicator. */
  readonly parentIndent: number;
  readonly explicit: boolean;
  readonly bodyStart: number;
  readonly lines: readonly BodyLine[];
}

function parseHeader(source: string): { chomp: '' | '-' | '+'; explicit: number | undefined } {
  const chomp = source.includes('-') ? '-' : source.includes('+') ? '+' : '';
  const digit = /[1-9]/.exec(source);
  return { chomp, explicit: digit ? Number(digit[0]) : undefined };
}

function splitBody(text: string, bodyStart: number, bodyEnd: number, indent: number): BodyLine[] {
  const lines: BodyLine[] = [];
  let pos = bodyStart;
  while (pos < bodyEnd) {
    const nl = text.indexOf('\n', pos);
    const brk = nl < 0 || nl >= bodyEnd ? bodyEnd : nl;
    const contentEnd = brk > pos && text[brk - 1] === '\r' && brk < bodyEnd ? brk - 1 : brk;
    let ws = 0;
    while (ws < indent && pos + ws < contentEnd && text[pos + ws] === ' ') ws++;
    lines.push({
      lineStart: pos,
      contentStart: pos + ws,
      contentEnd,
      newline: brk < bodyEnd ? text.slice(contentEnd, brk + 1) : '',
    });
    pos = brk < bodyEnd ? brk + 1 : bodyEnd;
  }
  return lines;
}

/** Decodes a body exactly the way YAML does for a literal scalar (used to verify against yaml's value). */
function decode(text: string, lines: readonly BodyLine[], chomp: '' | '-' | '+'): string {
  const contents = lines.map((l) => text.slice(l.contentStart, l.contentEnd));
  let last = -1;
  contents.forEach((c, i) => {
    if (c !== '') last = i;
  });
  if (chomp === '+') {
    return lines.map((l, i) => (contents[i] ?? '') + (l.newline === '' ? '' : '\n')).join('');
  }
  if (last < 0) return '';
  const body = contents.slice(0, last + 1).join('\n');
  if (chomp === '-') return body;
  return body + '\n';
}

/**
 * Lays out a literal block scalar token and checks that our decoding equals
 * `value` (what yaml gives). Returns undefined when it doesn't (then the
 * scalar is not offered for editing).
 */
export function layoutBlockLiteral(text: string, token: CST.BlockScalar, value: string): BlockLayout | undefined {
  const header = token.props.find((p): p is CST.SourceToken => p.type === 'block-scalar-header');
  const newline = token.props.find((p): p is CST.SourceToken => p.type === 'newline');
  // A folded block (`>`) is laid out as a literal one only when it reads the same (no line of it is folded).
  if (!header || !newline || !/^[|>]/.test(header.source)) return undefined;
  const { chomp, explicit } = parseHeader(header.source);
  const bodyStart = newline.offset + newline.source.length;
  const bodyEnd = bodyStart + token.source.length;
  const candidates: number[] = [];
  if (explicit !== undefined) candidates.push(token.indent + explicit, explicit);
  const first = /^( *)[^ \r\n]/m.exec(token.source);
  if (first?.[1] !== undefined) candidates.push(first[1].length);
  candidates.push(token.indent + 2);
  for (let i = 0; i <= 40; i++) candidates.push(i);
  for (const indent of candidates) {
    const lines = splitBody(text, bodyStart, bodyEnd, indent);
    const content = lines.every((l) => l.contentStart - l.lineStart === indent || l.contentStart === l.contentEnd);
    if (content && decode(text, lines, chomp) === value) {
      return {
        headerStart: header.offset,
        headerSource: header.source,
        chomp,
        indent,
        parentIndent: token.indent,
        explicit: explicit !== undefined,
        bodyStart,
        lines,
      };
    }
  }
  return undefined;
}

/** Builds the OffsetMap of a literal block scalar whose decoded text is `value`. */
export function blockLiteralMap(text: string, layout: BlockLayout, value: string): OffsetMap {
  const hasFinal = layout.chomp !== '-' && value.endsWith('\n');
  const u = hasFinal ? value.slice(0, -1) : value;
  const innerStarts: number[] = [0];
  for (let i = u.indexOf('\n'); i >= 0; i = u.indexOf('\n', i + 1)) innerStarts.push(i + 1);
  const indentStr = ' '.repeat(layout.indent);
  const fileNl = layout.lines.find((l) => l.newline !== '')?.newline ?? (text.includes('\r\n') ? '\r\n' : '\n');
  // An empty scalar has no body line: a virtual one at bodyStart.
  const lineAt = (k: number): BodyLine =>
    layout.lines[k] ?? { lineStart: layout.bodyStart, contentStart: layout.bodyStart, contentEnd: layout.bodyStart, newline: '' };

  const lineOf = (o: number): number => {
    let lo = 0;
    let hi = innerStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((innerStarts[mid] ?? 0) <= o) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const pos = (o: number): number => {
    const c = Math.max(0, Math.min(o, u.length));
    const k = lineOf(c);
    const line = lineAt(k);
    return Math.min(line.contentStart + (c - (innerStarts[k] ?? 0)), line.contentEnd);
  };
  const isLineStart = (o: number): boolean => o === 0 || u[o - 1] === '\n';

  const renderMid = (t: string, at: number, end: number): string => {
    const segs = t.split('\n');
    const k = lineOf(Math.min(at, u.length));
    const line = lineAt(k);
    const outerAt = pos(at);
    const short = line.contentStart - line.lineStart < layout.indent && outerAt === line.contentEnd;
    const endLine = lineAt(lineOf(end));
    const rest = pos(end) < endLine.contentEnd;
    let out = '';
    segs.forEach((seg, i) => {
      if (i === 0) {
        out += seg !== '' && short ? ' '.repeat(layout.indent - (line.contentEnd - line.lineStart)) + seg : seg;
        return;
      }
      out += fileNl;
      if (seg !== '') out += indentStr + seg;
      else if (i === segs.length - 1 && rest) out += indentStr;
    });
    return out;
  };
  const renderLines = (t: string): string =>
    t === ''
      ? ''
      : t
          .slice(0, -1)
          .split('\n')
          .map((seg) => (seg === '' ? '' : indentStr + seg) + fileNl)
          .join('');

  const mapEdits = (edits: readonly Edit[]): Edit[] => {
    if (edits.length === 0) return [];
    const after = applyEdits(value, edits);
    const out: Edit[] = [];
    for (const raw of normalizeEdits(value, edits)) {
      let { start: s, end: e, text: t } = raw;
      if (s === e && t === '') continue;
      if (hasFinal && s === value.length) {
        s = u.length;
        t = '\n' + t;
      }
      if (e >= value.length && (hasFinal || e === u.length)) {
        const resultFinal = t !== '' ? t.endsWith('\n') : s < e && s > 0 && value[s - 1] === '\n';
        e = u.length;
        if (resultFinal) {
          if (t !== '') t = t.slice(0, -1);
          else s -= 1;
        }
      }
      if (s === e && t === '') continue;
      if (isLineStart(s) && isLineStart(e) && (t === '' || t.endsWith('\n'))) {
        const startOuter = lineAt(lineOf(s)).lineStart;
        const endOuter = e === s ? startOuter : lineAt(lineOf(e)).lineStart;
        out.push({ start: startOuter, end: endOuter, text: renderLines(t), origin: raw.origin });
        continue;
      }
      // a line left empty must lose its indentation too (never leave a whitespace-only line)
      const emptied = isLineStart(s) && t.split('\n')[0] === '' && (t.includes('\n') || pos(e) >= lineAt(lineOf(e)).contentEnd);
      const startOuter = emptied ? lineAt(lineOf(s)).lineStart : pos(s);
      out.push({ start: startOuter, end: pos(e), text: renderMid(t, s, e), origin: raw.origin });
    }
    // counted with a loop: /\n*$/ backtracks quadratically on a long run of blank lines mid-text
    let trailing = 0;
    while (trailing < after.length && after.charCodeAt(after.length - 1 - trailing) === 10) trailing++;
    const wanted = trailing === 0 ? '-' : trailing === 1 ? (layout.chomp === '+' ? '+' : '') : '+';
    // a first line starting with a space needs an explicit indentation indicator
    const indicator = layout.indent - layout.parentIndent;
    const needsIndicator = !layout.explicit && /^(\n*) /.test(after) && indicator >= 1 && indicator <= 9;
    if ((wanted !== layout.chomp && !(after === '' && layout.chomp === '')) || needsIndicator) {
      const h = layout.headerSource.replace(/[-+]/, '') + (needsIndicator ? String(indicator) : '');
      out.push({
        start: layout.headerStart,
        end: layout.headerStart + layout.headerSource.length,
        text: h + wanted,
        origin: edits[0]?.origin ?? 'yaml',
      });
    }
    return out;
  };

  return { toOuter: pos, mapEdits };
}
