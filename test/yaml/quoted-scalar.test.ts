import { parseDocument, type Scalar } from 'yaml';
import { describe, expect, it } from 'vitest';
import { applyEdits } from '../../src/source/apply-edits.js';
import { embedScalar, isEmbeddedText } from '../../src/yaml/embedded-text.js';

/** Edits the config held in `data.k` of `text` and returns the new file text; the edited file must parse back to exactly the intended config. */
function edit(text: string, change: (config: string) => { start: number; end: number; text: string }[]): { out: string; config: string } {
  const doc = parseDocument(text, { keepSourceTokens: true });
  const node = doc.getIn(['data', 'k'], true) as Scalar;
  const embedded = embedScalar(text, node);
  if (!isEmbeddedText(embedded)) throw new Error(embedded.reason);
  const edits = change(embedded.text).map((e) => ({ ...e, origin: 'yaml' as const }));
  const out = applyEdits(text, embedded.map.mapEdits(edits));
  const config = applyEdits(embedded.text, edits);
  expect(parseDocument(out).getIn(['data', 'k'])).toBe(config);
  return { out, config };
}
const replace = (from: string, to: string) => (config: string) => {
  const at = config.indexOf(from);
  return [{ start: at, end: at + from.length, text: to }];
};
/** Inserts `text` at `offset` units after the first `anchor`. */
const insert = (anchor: string, offset: number, text: string) => (config: string) => {
  const at = config.indexOf(anchor) + offset;
  return [{ start: at, end: at, text }];
};

// kubectl get cm -o yaml: a long value as a double-quoted scalar folded at ~80 columns with `\` continuations.
const KUBECTL = [
  'data:',
  '  k: "[INPUT]\\n    Name              tail\\n    Path              /var/log/containers/*.log\\n"',
  '',
].join('\n');
const KUBECTL_FOLDED = [
  'data:',
  '  k: "[INPUT]\\n    Name              tail\\n    Path              /var/log/containers/*.log\\n\\',
  '    \\    Parser            docker\\n    DB                /var/log/flb_kube.db\\n\\',
  '    \\    Mem_Buf_Limit     5MB\\n"',
  '',
].join('\n');
// go-yaml's plain folding: a line break between two words reads as one space.
const PLAIN_FOLDED = [
  'data:',
  '  k: "[INPUT]\\n    Name tail\\n    Path /var/log/containers/*.log\\n    Parser',
  '    docker\\n    DB /var/log/flb_kube.db\\n    Mem_Buf_Limit 5MB\\n"',
  '',
].join('\n');
const SINGLE = ["data:", "  k: '[INPUT]", '', '    Name tail', '', '    Parser docker', '', "    DB /db'", ''].join('\n');

describe('quoted scalars folded over several lines (kubectl -o yaml)', () => {
  it('a one-line double-quoted scalar is patched in place', () => {
    const { out } = edit(KUBECTL, replace('Name              tail', 'Name              tail2'));
    expect(out).toBe(KUBECTL.replace('tail\\n', 'tail2\\n'));
  });
  it('an edit inside a `\\`-continued double-quoted scalar keeps its other lines', () => {
    const { out } = edit(KUBECTL_FOLDED, replace('Parser            docker', 'multiline.parser  docker, cri'));
    expect(out).toBe(KUBECTL_FOLDED.replace('Parser            docker', 'multiline.parser  docker, cri'));
  });
  it('a removed config line that spans a `\\` continuation takes the continuation with it', () => {
    const { out } = edit(KUBECTL_FOLDED, replace('    Parser            docker\n', ''));
    expect(out.split('\n')[2]).toBe('    \\    DB                /var/log/flb_kube.db\\n\\');
    expect(out.split('\n').length).toBe(KUBECTL_FOLDED.split('\n').length);
  });
  it('an inserted config line goes in as escapes, on the line it is inserted on', () => {
    const { out } = edit(KUBECTL_FOLDED, insert('    DB', 0, '    Read_from_Head  true\n'));
    expect(out.split('\n')[1]).toBe(KUBECTL_FOLDED.split('\n')[1]);
    expect(out.split('\n')[3]).toBe(KUBECTL_FOLDED.split('\n')[3]);
  });
  it('an edit across a plain fold keeps the other folds', () => {
    const { out } = edit(PLAIN_FOLDED, replace('Parser docker', 'multiline.parser docker, cri'));
    expect(out).toBe(['data:', '  k: "[INPUT]\\n    Name tail\\n    Path /var/log/containers/*.log\\n    multiline.parser docker, cri\\n    DB /var/log/flb_kube.db\\n    Mem_Buf_Limit 5MB\\n"', ''].join('\n'));
  });
  it('an edit on a line after a plain fold leaves the fold', () => {
    const { out } = edit(PLAIN_FOLDED, replace('Mem_Buf_Limit 5MB', 'Mem_Buf_Limit 6MB'));
    expect(out).toBe(PLAIN_FOLDED.replace('5MB', '6MB'));
  });
  it('a blank put before a plain fold or at the start of a continued line (which YAML trims) is escaped', () => {
    const { out } = edit(PLAIN_FOLDED, insert('Parser', 'Parser'.length, ' '));
    expect(out).toBe(PLAIN_FOLDED.replace('Parser\n', 'Parser\\ \n'));
    const { out: second } = edit(KUBECTL_FOLDED, replace('    Mem_Buf_Limit', '\t  Mem_Buf_Limit'));
    expect(second).toBe(KUBECTL_FOLDED.replace('\\    Mem_Buf_Limit', '\\t  Mem_Buf_Limit'));
  });
  it('an edit that changes how a fold reads re-renders the scalar on one line', () => {
    const { out, config } = edit(PLAIN_FOLDED, (c) => {
      const at = c.indexOf('Parser') + 'Parser'.length;
      return [{ start: at, end: at + 1, text: '\n' }];
    });
    expect(parseDocument(out).getIn(['data', 'k'])).toBe(config);
  });
  it('a single-quoted multi-line scalar keeps its blank-line breaks for an edit on one line; a removed line takes its break', () => {
    expect(edit(SINGLE, replace('Parser docker', 'multiline.parser docker, cri')).out).toBe(SINGLE.replace('Parser docker', 'multiline.parser docker, cri'));
    expect(edit(SINGLE, replace('Parser docker\n', '')).out).toBe(["data:", "  k: '[INPUT]", '', '    Name tail', '', "    DB /db'", ''].join('\n'));
  });
  it('a line break inserted into a single-quoted multi-line scalar re-renders it double-quoted', () => {
    const { out, config } = edit(SINGLE, insert('DB', 0, 'Read_from_Head true\n'));
    expect(out).toBe(`data:\n  k: ${JSON.stringify(config)}\n`);
  });
});

describe('folded block scalars (>) that fold none of their lines', () => {
  const FOLDED = ['data:', '  k: >-', '    [A]', '        Key  1', '    [B]', '        Key  2', 'other: 1', ''].join('\n');
  it('are edited line by line, keeping `>`', () => {
    const { out } = edit(FOLDED, replace('Key  2', 'Key  3'));
    expect(out).toBe(FOLDED.replace('Key  2', 'Key  3'));
  });
  it('become `|` (same chomping) when an edit leaves two lines at the block indentation next to each other', () => {
    const { out } = edit(FOLDED, replace('    Key  1\n', ''));
    expect(out).toBe(['data:', '  k: |-', '    [A]', '    [B]', '        Key  2', 'other: 1', ''].join('\n'));
  });
});
