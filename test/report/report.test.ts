import { describe, expect, it } from 'vitest';
import { formatFinding, type Finding } from '../../src/report/finding.js';
import { formatDiagnostic } from '../../src/report/format-line.js';
import { formatMessage } from '../../src/report/format-message.js';
import { locateDiagnostic } from '../../src/report/located-diagnostic.js';
import { FilePositions } from '../../src/report/positions.js';

describe('positions', () => {
  const positions = new FilePositions('ab\r\ncd\nef');

  it('are 1-based; the end points just past the range', () => {
    expect(positions.span(0, 2)).toEqual({ line: 1, column: 1, endLine: 1, endColumn: 3 });
    expect(positions.span(4, 9)).toEqual({ line: 2, column: 1, endLine: 3, endColumn: 3 });
  });

  it('an empty range ends where it starts; offsets past the text are clamped', () => {
    expect(positions.span(5, 5)).toEqual({ line: 2, column: 2, endLine: 2, endColumn: 2 });
    expect(positions.span(99, 120)).toEqual({ line: 3, column: 3, endLine: 3, endColumn: 3 });
  });
});

describe('messages and lines', () => {
  it('fills every {{placeholder}} from data, numbers too', () => {
    expect(formatMessage('{{key}} {{value}} -> {{key}} x{{n}}', { key: 'Parser', value: 'docker', n: 2 })).toBe('Parser docker -> Parser x2');
  });

  it('leaves a placeholder without data as written (the rule runner never lets one through)', () => {
    expect(formatMessage('a {{missing}} b', {})).toBe('a {{missing}} b');
  });

  it('formats diagnostics and findings as path:line:col: severity ID message', () => {
    const d = locateDiagnostic({ code: 'BOM', severity: 'error', message: 'has a BOM', path: 'a.conf', start: 0, end: 1 }, new FilePositions('\uFEFF[INPUT]'));
    expect(formatDiagnostic(d)).toBe('a.conf:1:1: error BOM has a BOM');
    const f: Finding = { ruleId: 'tail-parser', messageId: 'x', data: {}, severity: 'change', message: 'done', path: 'b.yaml', line: 3, column: 9, endLine: 3, endColumn: 20 };
    expect(formatFinding(f)).toBe('b.yaml:3:9: change tail-parser done');
    expect(formatFinding(f, { location: (s) => `<${s}>`, severity: (s) => s.toUpperCase(), id: (s) => `[${s}]` })).toBe('<b.yaml:3:9>: CHANGE [tail-parser] done');
  });
});
