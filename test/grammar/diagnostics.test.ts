import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/grammar/parse.js';
import { printConfig } from '../../src/grammar/print.js';
import { LineIndex } from '../../src/source/line-index.js';

const DIR = join(process.cwd(), 'fixtures/diagnostics');
const ACCEPT_DIR = join(DIR, 'accept');

/**
 * One fixture or more per diagnostic code: fixtures/diagnostics/<CODE>.conf,
 * plus <CODE>.<shape>.conf for the other shapes of the same problem, whose
 * `# expect: CODE line:col` comment says where the diagnostic must point
 * (1:1 when the file cannot carry a comment, like the BOM case).
 */
describe('fixtures per diagnostic code', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.conf')).sort();
  it.each(files)('%s', (file) => {
    const text = readFileSync(join(DIR, file), 'utf8');
    const code = basename(file, '.conf').split('.')[0] as string;
    const m = /# expect: (\w+) (\d+):(\d+)/.exec(text);
    const [line, column] = m ? [Number(m[2]), Number(m[3])] : [1, 1];
    if (m) expect(m[1]).toBe(code);
    const { tree, diagnostics } = parseConfig(text, { role: text.includes('(role main)') ? 'main' : 'unknown' });
    expect(printConfig(tree)).toBe(text);
    const li = new LineIndex(text);
    const found = diagnostics.map((d) => ({ code: d.code, ...li.position(d.start) }));
    expect(found).toContainEqual({ code, line, column });
  });

  it('every grammar code of src/source/diagnostic.ts has a fixture', () => {
    const source = readFileSync(join(process.cwd(), 'src/source/diagnostic.ts'), 'utf8');
    const block = source.slice(source.indexOf('// classic grammar'), source.indexOf('// manifests'));
    const codes = [...block.matchAll(/'([A-Z_]+)'/g)].map((x) => x[1]);
    const covered = new Set(files.map((f) => f.split('.')[0]));
    expect(codes.filter((c) => !covered.has(c))).toEqual([]);
  });
});

/** Shapes Fluent Bit accepts (each file says why, with the conformance case that shows it): no errors. */
describe('accepted shapes (fixtures/diagnostics/accept)', () => {
  const files = readdirSync(ACCEPT_DIR).filter((f) => f.endsWith('.conf')).sort();
  it.each(files)('%s', (file) => {
    const text = readFileSync(join(ACCEPT_DIR, file), 'utf8');
    const { tree, diagnostics } = parseConfig(text);
    expect(printConfig(tree)).toBe(text);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});

describe('a streams file (only [STREAM_TASK] sections, read by flb_sp.c) gets no UNKNOWN_SECTION', () => {
  it.each([
    "[STREAM_TASK]\n    Name t\n    Exec CREATE STREAM s AS SELECT * FROM TAG:'x';\n",
    '# tasks\n[stream_task]\n    Name a\n    Exec SELECT * FROM TAG:a;\n\n[Stream_Task]\n    Name b\n    Exec SELECT * FROM TAG:b;\n',
  ])('%j', (text) => {
    expect(parseConfig(text).diagnostics).toEqual([]);
  });
  it('one other section and each [STREAM_TASK] warns again', () => {
    const codes = parseConfig('[STREAM_TASK]\n    Name a\n    Exec x\n[FOO]\n    k v\n[STREAM_TASK]\n    Name b\n    Exec y\n').diagnostics.map((d) => d.code);
    expect(codes).toEqual(['UNKNOWN_SECTION', 'UNKNOWN_SECTION', 'UNKNOWN_SECTION']);
  });
  // strcasecmp is ASCII-only: the Kelvin sign U+212A (which JavaScript's toLowerCase folds to `k`) makes another,
  // unknown section, warned like any other non-ASCII name ([ÜBERSICHT]: conformance s1-0102, accepted).
  it.each(['[STREAM_TAS\u212A]\n    Name a\n    Exec x\n', '[\u00dcBERSICHT]\n    k v\n'])('a non-ASCII look-alike is an unknown section: %j', (text) => {
    expect(parseConfig(text).diagnostics.map((d) => d.code)).toEqual(['UNKNOWN_SECTION']);
  });
});

describe('valid configs get no errors', () => {
  const ok = [
    '[SERVICE]\n    Flush 1\n\n[INPUT]\n    Name tail\n    Path /var/log/containers/*.log\n',
    '[SERVICE]\r\n    Flush 1\r\n[INPUT]\r\n    Name tail\r\n', // CRLF
    '[INPUT]\n\tName tail\n\tPath /x\n', // tabs, consistently
    '[INPUT]\n  Name tail\n[OUTPUT]\n    Name stdout\n    Match *\n', // 2 then double 2
    '[INPUT]\n    Name tail # not a comment\n    Regex ^#foo$\n', // no inline comments
    '[INPUT]  # note after header\n    Name tail', // no final newline
    '# top comment\n@SET a=b\n@INCLUDE x.conf\n[INPUT]\n    # indented comment\n    Name ${a}\n',
    '[MULTILINE_PARSER]\n    name multiline-regex-test\n    type regex\n    rule      "start_state"   "/([a-zA-Z]+ \\d+ \\d+\\:\\d+\\:\\d+)(.*)/"   "cont"\n',
    '[INPUT]\n    Name tail\n    [GROUP 1] x\n        a b\n    Path /x\n',
  ];
  it.each(ok)('%j', (text) => {
    const { diagnostics } = parseConfig(text);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('Name<TAB> tail is accepted (the key is trimmed)', () => {
    expect(parseConfig('[INPUT]\n    Name\t tail\n').diagnostics).toEqual([]);
  });

  it('reports every problem, not only the first', () => {
    const { diagnostics } = parseConfig('[INPUT]\n    Name tail\n  Path /x\n      Tag y\n    Key\n');
    expect(diagnostics.map((d) => d.code)).toEqual(['INDENT_TOO_LOW', 'EXTRA_INDENT', 'MISSING_VALUE']);
  });
});

describe('[NODE] after [UPSTREAM]', () => {
  it('is a node of the upstream (flb_upstream_ha.c), not an unknown section', () => {
    const text = '[UPSTREAM]\n    name fw\n\n[NODE]\n    name n1\n    host 127.0.0.1\n    port 24224\n\n[Node]\n    name n2\n    host 127.0.0.2\n    port 24224\n';
    expect(parseConfig(text).diagnostics.map((d) => d.code)).toEqual([]);
  });
});
