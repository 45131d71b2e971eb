import { describe, expect, it } from 'vitest';
import { isEditableLine, skipUneditableEdits, uneditableLines } from '../../src/grammar/editable.js';
import { parseConfig } from '../../src/grammar/parse.js';
import { migrate } from '../../src/migrate/migrate.js';

const lineNumbers = (text: string): number[] => uneditableLines(parseConfig(text).tree).map((u) => u.line.line);

describe('uneditableLines', () => {
  it('plain text, CRLF and trailing \\r have none', () => {
    expect(lineNumbers('[INPUT]\n    Name tail\n')).toEqual([]);
    expect(lineNumbers('[INPUT]\r\n    Name tail\r\n')).toEqual([]);
    expect(lineNumbers('[INPUT]\n    Name tail\r\r\n    Tag x \r\n    Alias a\r')).toEqual([]);
  });

  it('a bare \\r with text after it on the line', () => {
    const text = '[INPUT]\n    Name tail\r    Path /x\n    Tag t\n';
    expect(lineNumbers(text)).toEqual([2]);
    expect(uneditableLines(parseConfig(text).tree)[0]).toMatchObject({ reason: 'bare-cr', start: 8, end: 34 });
  });

  it('a NUL inside a line covers the glued physical line; a NUL at a line start leaves the line before editable', () => {
    expect(lineNumbers('[INPUT]\n    Name ta\0x\nil\n    Tag t\n')).toEqual([2]);
    expect(lineNumbers('[INPUT]\n    Name tail\n\0junk\n    Tag t\n')).toEqual([]);
  });

  it('a last line Fluent Bit never reads, or one cut at a NUL at the end, blocks appends too', () => {
    const dropped = '[INPUT]\n    Name tail\n    Tag t\0\n';
    const [u] = uneditableLines(parseConfig(dropped).tree);
    expect(u).toMatchObject({ reason: 'nul', start: 22, end: dropped.length + 1 });
    const cut = '[INPUT]\n    Name tail\n    Tag t\0x';
    expect(uneditableLines(parseConfig(cut).tree)[0]).toMatchObject({ reason: 'nul', end: cut.length + 1 });
  });

  it('isEditableLine', () => {
    const { tree } = parseConfig('[INPUT]\n    Name tail\r x\n    Tag t\n');
    expect(tree.lines.map((l) => isEditableLine(tree, l))).toEqual([true, false, true]);
  });
});

describe('skipUneditableEdits', () => {
  const text = '[INPUT]\n    Name tail\r x\n    Tag t\n';
  const { tree } = parseConfig(text);

  it('keeps edits elsewhere, skips those touching the line, warns once per line and rule, drops their change findings', () => {
    const edits = [
      { start: 12, end: 16, text: 'NAME', origin: 'a' }, // inside line 2
      { start: 8, end: 8, text: '# x\n', origin: 'b' }, // insert at the start of line 2: fine
      { start: 27, end: 27, text: '    K v\n', origin: 'c' }, // insert right after line 2: fine
      { start: 31, end: 34, text: 'Tag', origin: 'd' }, // line 3
      { start: 13, end: 14, text: 'x', origin: 'a' }, // second edit of rule a on line 2
    ];
    const findings = [
      { ruleId: 'a', severity: 'change', offset: 12, message: 'renamed' },
      { ruleId: 'a', severity: 'warning', offset: 12, message: 'kept' },
      { ruleId: 'd', severity: 'change', offset: 31, message: 'kept' },
    ];
    const out = skipUneditableEdits(tree, edits, findings);
    expect(out.edits.map((e) => e.origin)).toEqual(['b', 'c', 'd']);
    expect(out.findings.map((f) => f.message)).toEqual(['kept', 'kept']);
    expect(out.diagnostics).toHaveLength(1);
    expect(out.diagnostics[0]).toMatchObject({ code: 'LINE_NOT_EDITABLE', severity: 'warning', start: 8 });
    expect(out.diagnostics[0]?.message).toMatch(/^a: this line was not changed because it holds a carriage return/);
  });

  it('passes everything through when nothing is unsafe', () => {
    const plain = parseConfig('[INPUT]\n    Name tail\n').tree;
    const edits = [{ start: 0, end: 1, text: '', origin: 'x' }];
    expect(skipUneditableEdits(plain, edits).edits).toEqual(edits);
  });
});

describe('migrate() skips only the edits on such lines, and says so', () => {
  it('bare \\r: Docker_Mode is replaced, the Docker_Mode_Flush line is left with a LINE_NOT_EDITABLE warning; idempotent', () => {
    const text = '[INPUT]\n    Name tail\n    Path /var/log/containers/*.log\n    Docker_Mode On\n    Docker_Mode_Flush 4\r  old\n    Tag x\n';
    const [f] = migrate([{ path: 'fluent-bit.conf', text }], { runtime: 'containerd' }).files;
    expect(f?.hasErrors).toBe(false);
    expect(f?.output).toBe(text.replace('Docker_Mode On', 'multiline.parser docker, cri'));
    expect(f?.diagnostics.map((d) => `${d.line} ${d.severity} ${d.code}`)).toEqual(['5 warning BARE_CR', '5 warning LINE_NOT_EDITABLE']);
    expect(f?.findings.some((x) => /Docker_Mode_Flush/.test(x.message))).toBe(false);
    const [again] = migrate([{ path: 'fluent-bit.conf', text: f?.output ?? '' }], { runtime: 'containerd' }).files;
    expect(again?.changed).toBe(false);
  });

  it('NUL in a ConfigMap config (a "\\0" escape): the same, on the embedded line', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fb\ndata:\n  fluent-bit.conf: "[INPUT]\\n    Name tail\\n    Path /var/log/containers/*.log\\n    Docker_Mode On\\n    Docker_Mode_Flush 4\\0x\\n    Tag x\\n"\n';
    const [f] = migrate([{ path: 'cm.yaml', text }], { runtime: 'containerd' }).files;
    expect(f?.hasErrors).toBe(false);
    expect(f?.output).toBe(text.replace('Docker_Mode On', 'multiline.parser docker, cri'));
    expect(f?.diagnostics.map((d) => `${d.severity} ${d.code}`)).toEqual(['warning NUL_BYTE', 'warning LINE_NOT_EDITABLE']);
  });
});
