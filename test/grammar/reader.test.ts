import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/grammar/parse.js';
import { printConfig } from '../../src/grammar/print.js';
import { layoutText } from '../../src/grammar/reader.js';
import type { ConfigTree, Line } from '../../src/grammar/syntax-tree.js';
import { rng } from '../helpers/rng.js';

/**
 * A byte-level transcription of read_config's line loop (fgets() into a
 * buffer that starts at 4,096 bytes and doubles, strlen(), strip `\n` then
 * one `\r`): the lines Fluent Bit processes, decoded. The reference for
 * reader.ts, which works on UTF-16 text.
 */
function referenceLines(text: string): string[] {
  const bytes = Buffer.from(text, 'utf8');
  const out: string[] = [];
  let bufsize = 4096;
  let buf: number[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    const cap = bufsize - buf.length - 1;
    const chunk: number[] = [];
    while (chunk.length < cap && pos < bytes.length) {
      const b = bytes[pos++] as number;
      chunk.push(b);
      if (b === 10) break;
    }
    const eof = pos >= bytes.length && chunk[chunk.length - 1] !== 10 && chunk.length < cap;
    const nul = chunk.indexOf(0);
    buf.push(...(nul >= 0 ? chunk.slice(0, nul) : chunk));
    if (buf.length > 0 && buf[buf.length - 1] === 10) {
      buf.pop();
      if (buf.length > 0 && buf[buf.length - 1] === 13) buf.pop();
      out.push(Buffer.from(buf).toString('utf8'));
      buf = [];
    } else if (eof) {
      out.push(Buffer.from(buf).toString('utf8'));
      buf = [];
    } else {
      bufsize *= 2;
    }
  }
  return out;
}

/** The lines of our tree as Fluent Bit reads them (a last line it never processes left out). */
function treeLines(tree: ConfigTree): string[] {
  const lines = tree.unread.some((r) => r.reason === 'last-line') ? tree.lines.slice(0, -1) : tree.lines;
  return lines.map((l: Line, i) => (i === 0 && tree.bom ? tree.bom.text : '') + l.tokens.filter((t) => t !== l.newline).map((t) => t.text).join(''));
}

describe('layoutText: the lines Fluent Bit reads', () => {
  it('text without NUL is its own layout', () => {
    const text = '[INPUT]\r\n    Name tail\r    x\n';
    const layout = layoutText(text);
    expect(layout.logical).toBe(text);
    expect(layout.gaps).toEqual([]);
  });

  it('a NUL cuts the line, drops the rest of the physical line and glues the next one on', () => {
    const text = '[OUTPUT]\n    Name s\0tdout\n    Match *\n';
    const layout = layoutText(text);
    expect(layout.logical).toBe('[OUTPUT]\n    Name s    Match *\n');
    expect(layout.gaps).toEqual([{ start: 19, end: 26, reason: 'after-nul' }]);
    const { tree } = parseConfig(text);
    expect(tree.lines.map((l) => [l.line, l.readerLine, l.kind])).toEqual([[1, 1, 'header'], [2, 2, 'entry']]);
    const entry = tree.lines[1] as Extract<Line, { kind: 'entry' }>;
    expect(entry.value?.text).toBe('s    Match *');
    expect(text.slice(entry.value?.start, entry.value?.end)).toBe('s\0tdout\n    Match *');
  });

  it('reader line numbers fall behind after a NUL; ours count physical lines', () => {
    const { tree } = parseConfig('[A]\n    a\0\n b\n    c d\n    e f\n');
    expect(tree.lines.map((l) => [l.line, l.readerLine])).toEqual([[1, 1], [2, 2], [4, 3], [5, 4]]);
  });

  it('a NUL line at the end with its \\n is never processed; without \\n it is', () => {
    expect(layoutText('[A]\n    a b\0x\n').dropped).toEqual({ start: 4, end: 14, reason: 'last-line' });
    expect(layoutText('[A]\n    a b\0x').dropped).toBeNull();
    expect(layoutText('[A]\n    a b\0x').logical).toBe('[A]\n    a b');
  });

  it('the buffer: a NUL past the first 4,095 bytes, and a long line after a NUL', () => {
    const late = `${'a'.repeat(5000)}\0${'b'.repeat(10)}\nnext\n`;
    expect(layoutText(late).logical).toBe(`${'a'.repeat(5000)}next\n`);
    const early = `x\0${'y'.repeat(5000)}\nz\n`;
    // fgets read 4,095 bytes ("x", NUL, 4,093 y's); the rest of the line follows the cut.
    expect(layoutText(early).logical).toBe(`x${'y'.repeat(907)}\nz\n`);
  });

  it('a last line without \\n that exactly fills the buffer is never processed', () => {
    expect(layoutText(`[A]\n${'#'.repeat(4095)}`).dropped).not.toBeNull();
    expect(layoutText(`[A]\n${'#'.repeat(4094)}`).dropped).toBeNull();
    expect(layoutText(`[A]\n${'#'.repeat(4096)}`).dropped).toBeNull();
  });

  it('every NUL line doubles the buffer: the 14th passes 32 MiB', () => {
    expect(layoutText('[A]\n' + '    # c\0x\n'.repeat(13)).overflow).toBeNull();
    expect(layoutText('[A]\n' + '    # c\0x\n'.repeat(14)).overflow).toBe(4);
  });

  it('matches a byte-level transcription of the C loop on random text', () => {
    const next = rng(12);
    const pieces = ['[INPUT]', '    Name tail', '\t', ' ', '\r', '\0', '#', '@', 'é', '🚀', 'k v', '\v', '\f', ']'];
    let checked = 0;
    for (let n = 0; n < 400; n++) {
      const lines: string[] = [];
      const count = 1 + Math.floor(next() * 12);
      for (let i = 0; i < count; i++) {
        if (next() < 0.08) {
          // A long ASCII line around the buffer sizes, maybe with a NUL in it.
          const len = 4080 + Math.floor(next() * 4200);
          let line = 'a'.repeat(len);
          if (next() < 0.6) {
            const at = Math.floor(next() * len);
            line = `${line.slice(0, at)}\0${line.slice(at + 1)}`;
          }
          lines.push(line);
        } else {
          let line = '';
          const parts = Math.floor(next() * 6);
          for (let k = 0; k < parts; k++) line += pieces[Math.floor(next() * pieces.length)];
          lines.push(line);
        }
      }
      const text = lines.join(next() < 0.3 ? '\r\n' : '\n') + (next() < 0.7 ? '\n' : '');
      const { tree } = parseConfig(text);
      expect(printConfig(tree), JSON.stringify(text.slice(0, 200))).toBe(text);
      const ours = treeLines(tree);
      const ref = referenceLines(text);
      // A last line that is empty after a NUL cut reads as an empty line (skipped): the tree holds it like one never read.
      if (ref.length === ours.length + 1 && ref[ref.length - 1] === '' && tree.unread.some((r) => r.reason === 'last-line')) ref.pop();
      expect(ours, JSON.stringify(text.slice(0, 200))).toEqual(ref);
      checked++;
    }
    expect(checked).toBe(400);
  });
});

describe("lexing by the reader's rules", () => {
  const kinds = (text: string): string[] => parseConfig(text).tree.lines.map((l) => l.kind);

  it('"@" lines of 3 bytes or fewer are entries; longer ones are commands (bytes, not characters)', () => {
    expect(kinds('@\n@a\n@ab\n@a \n@abc\n@é\n@éa\n@ab\r\n')).toEqual(['entry', 'entry', 'entry', 'entry', 'command', 'entry', 'command', 'entry']);
  });

  it('a bare \\r is content: the header keeps the rest of the line', () => {
    const { tree } = parseConfig('[INPUT]\r[OUTPUT]\n    Name x\r\n');
    expect(tree.lines.map((l) => l.kind)).toEqual(['header', 'entry']);
    expect(tree.sections.map((s) => s.name)).toEqual(['INPUT']);
    expect((tree.lines[0] as Extract<Line, { kind: 'header' }>).rest?.text).toBe('\r[OUTPUT]');
  });

  it('"@INCLUDE " with nothing after it is a command without a path', () => {
    const line = parseConfig('@INCLUDE \n').tree.lines[0] as Extract<Line, { kind: 'command' }>;
    expect([line.name, line.separator?.text, line.argument]).toEqual(['include', ' ', null]);
  });
});
