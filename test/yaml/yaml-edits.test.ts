import { isMap, isSeq, parseDocument, type YAMLMap, type YAMLSeq } from 'yaml';
import { describe, expect, it } from 'vitest';
import { applyEdits } from '../../src/source/apply-edits.js';
import { validateYaml } from '../../src/yaml/validate-yaml.js';
import { insertMapPair, insertSeqItem, removeMapPair, removeSeqItem, replaceScalar } from '../../src/yaml/yaml-edits.js';

const parse = (text: string) => parseDocument(text, { keepSourceTokens: true });
const seqAt = (text: string, ...path: string[]): YAMLSeq => {
  const n = parse(text).getIn(path, true);
  if (!isSeq(n)) throw new Error('not a seq');
  return n;
};
const mapAt = (text: string, ...path: (string | number)[]): YAMLMap => {
  const n = parse(text).getIn(path, true);
  if (!isMap(n)) throw new Error('not a map');
  return n;
};
const run = (text: string, edits: Parameters<typeof applyEdits>[1]): string => {
  const out = applyEdits(text, edits);
  expect(validateYaml(out)).toEqual([]);
  return out;
};

const VOLS = `spec:
  volumes:
  - name: varlog
    hostPath:
      path: /var/log
  # keep me
  - name: docker # the docker one
    hostPath:
      path: /var/lib/docker/containers # trailing
  # and me
  - name: config
    configMap:
      name: cm
other: 1
`;

describe('yaml-edits', () => {
  it('removes a block seq item with its own trailing comment, keeping neighbour comments', () => {
    expect(run(VOLS, removeSeqItem(VOLS, seqAt(VOLS, 'spec', 'volumes'), 1, 't'))).toBe(VOLS.replace(
      '  - name: docker # the docker one\n    hostPath:\n      path: /var/lib/docker/containers # trailing\n', ''));
  });
  it('removes the last item (indented style) and an item at end of file without a final newline', () => {
    const t = 'a:\n    - x\n    - y: 1\n      z: 2\nb: 1';
    expect(run(t, removeSeqItem(t, seqAt(t, 'a'), 1, 't'))).toBe('a:\n    - x\nb: 1');
    const u = 'a:\n- x\n- y';
    expect(run(u, removeSeqItem(u, seqAt(u, 'a'), 1, 't'))).toBe('a:\n- x');
  });
  it('inserts after an item another edit removes, without overlapping it (the last Docker mount of a list)', () => {
    for (const t of ['a:\n- x\n- docker # last\nb: 1\n', 'a:\n- x\n- docker', 'a:\r\n- x\r\n- docker\r\n']) {
      const seq = seqAt(t, 'a');
      const nl = t.includes('\r\n') ? '\r\n' : '\n';
      const out = run(t, [...removeSeqItem(t, seq, 1, 'remove'), ...insertSeqItem(t, seq, 'end', 'pods', 'insert')]);
      expect(out, JSON.stringify(t)).toBe(t.replace(/- docker( # last)?/, '- pods'.replace(/\n/g, nl)));
    }
    const m = 'k:\n  a: 1\n  b: 2\n';
    expect(run(m, [...removeMapPair(m, mapAt(m, 'k'), 'b', 'remove'), ...insertMapPair(m, mapAt(m, 'k'), 'b', 'c', 3, 'insert')])).toBe('k:\n  a: 1\n  c: 3\n');
  });
  it('removes flow items with their comma', () => {
    const t = 'a: [x, y, z]\nm: {p: 1, q: 2}\n';
    expect(run(t, removeSeqItem(t, seqAt(t, 'a'), 0, 't'))).toBe('a: [y, z]\nm: {p: 1, q: 2}\n');
    expect(run(t, removeSeqItem(t, seqAt(t, 'a'), 2, 't'))).toBe('a: [x, y]\nm: {p: 1, q: 2}\n');
    expect(run(t, removeMapPair(t, mapAt(t, 'm'), 'q', 't'))).toBe('a: [x, y, z]\nm: {p: 1}\n');
  });
  it('inserts a seq item after a sibling, matching indentation, key order and CRLF', () => {
    const t = VOLS.replace(/\n/g, '\r\n');
    const out = run(t, insertSeqItem(t, seqAt(t, 'spec', 'volumes'), 0, { hostPath: { path: '/var/log/pods' }, name: 'pods' }, 't'));
    expect(out).toContain('      path: /var/log\r\n  - name: pods\r\n    hostPath:\r\n      path: /var/log/pods\r\n  # keep me\r\n');
    const indented = 'a:\n    -   name: x\n        v: 1\n';
    expect(run(indented, insertSeqItem(indented, seqAt(indented, 'a'), 'end', { yaml: 'name: y\nv: 2' }, 't'))).toBe(
      'a:\n    -   name: x\n        v: 1\n    -   name: y\n        v: 2\n');
    const flow = 'a: [x, y]\n';
    expect(run(flow, insertSeqItem(flow, seqAt(flow, 'a'), 'end', 'z', 't'))).toBe('a: [x, y, z]\n');
  });
  it('replaces scalars keeping their quoting style', () => {
    const t = `a: "x"\nb: 'y'\nc: z\nd: plain\n`;
    const m = mapAt(t);
    const node = (k: string) => m.get(k, true) as Parameters<typeof replaceScalar>[1];
    expect(run(t, [
      ...replaceScalar(t, node('a'), 'new "q"', 't'),
      ...replaceScalar(t, node('b'), "it's", 't'),
      ...replaceScalar(t, node('c'), 'ok', 't'),
      ...replaceScalar(t, node('d'), 'needs: quotes', 't'),
    ])).toBe(`a: "new \\"q\\""\nb: 'it''s'\nc: ok\nd: "needs: quotes"\n`);
  });
  it('removes and inserts map pairs', () => {
    const t = 'pipeline:\n  inputs:\n    - name: tail\n      parser: docker   # old\n      docker_mode: on\n      path: /x\n';
    const item = mapAt(t, 'pipeline', 'inputs', 0);
    const out = run(t, [
      ...removeMapPair(t, item, 'docker_mode', 't'),
      ...removeMapPair(t, item, 'parser', 't'),
      ...insertMapPair(t, item, 'path', 'multiline.parser', 'docker, cri', 't'),
    ]);
    expect(out).toBe('pipeline:\n  inputs:\n    - name: tail\n      path: /x\n      multiline.parser: docker, cri\n');
  });
});
