import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { LineIndex } from '../../src/source/line-index.js';
import { aliasSearch, indexAliases, type BadAlias } from '../../src/yaml/aliases.js';
import { validateYaml } from '../../src/yaml/validate-yaml.js';

/*
 * Aliases yaml parses without an error but no loader resolves (it throws
 * only in toJS; go-yaml, libyaml and kubectl reject the text): an alias
 * whose anchor is in another document, after it, or around it (a cycle).
 */

/** indexAliases over every document of `text`, with and without the alias search: its bad aliases as `line:col kind name`. */
function badOf(text: string): string[] {
  const lines = new LineIndex(text);
  const docs = parseAllDocuments(text, { prettyErrors: false });
  const list = Array.isArray(docs) ? docs : [];
  expect(list.flatMap((d) => d.errors)).toEqual([]);
  const run = (search?: (start: number, end: number) => boolean): string[] => {
    const bad: BadAlias[] = [];
    for (const d of list) indexAliases(d, search, bad);
    return bad.map((b) => {
      const p = lines.position(b.start);
      expect(text.slice(b.start, b.end)).toBe(`*${b.name}`);
      return `${p.line}:${p.column} ${b.kind} ${b.name}`;
    });
  };
  const full = run();
  expect(run(aliasSearch(text))).toEqual(full);
  return full;
}

/** validateYaml's messages, each after `line:col`. */
function messages(text: string): string[] {
  const lines = new LineIndex(text);
  return validateYaml(text).map((d) => {
    const p = lines.position(d.start);
    return `${p.line}:${p.column} ${d.code} ${d.message}`;
  });
}

describe('indexAliases: aliases no loader resolves', () => {
  it('an alias to an anchor of an earlier document (anchors do not reach past ---)', () => {
    expect(badOf('a: &ns logging\n---\nb: *ns\n')).toEqual(['3:4 undefined ns']);
    expect(badOf('a: &ns logging\n---\nc: 1\n---\nb: [*ns, *ns]\n')).toEqual(['5:5 undefined ns', '5:10 undefined ns']);
  });

  it('an alias before its anchor in the same document, and one with no anchor at all', () => {
    expect(badOf('b: *ns\na: &ns x\n')).toEqual(['1:4 later ns']);
    expect(badOf('a: {b: *zz}\n')).toEqual(['1:8 undefined zz']);
    expect(badOf('<<: *base\nx: 1\n')).toEqual(['1:5 undefined base']);
    expect(badOf('*k : 1\n&k a: 2\n')).toEqual(['1:1 later k']);
  });

  it('an alias inside the node it names (a cycle), in block and flow style, and through a merge key', () => {
    expect(badOf('a: &x [1, *x]\n')).toEqual(['1:11 cycle x']);
    expect(badOf('a: &x\n  b: *x\n')).toEqual(['2:6 cycle x']);
    expect(badOf('a: &x\n  b:\n    - c: 1\n      <<: *x\n')).toEqual(['4:11 cycle x']);
  });

  it('in document order, several kinds in one document', () => {
    expect(badOf('a: *later\nb: &x [*x]\nc: &later 1\nd: *none\n')).toEqual(['1:4 later later', '2:8 cycle x', '4:4 undefined none']);
  });

  it('but not valid aliases: after their anchor, a redefined anchor (the closest before wins), a key alias, an alias of a finished node', () => {
    expect(badOf('a: &ns x\nb: *ns\n')).toEqual([]);
    expect(badOf('a: &ns x\nb: &ns y\nc: *ns\n')).toEqual([]);
    expect(badOf('&k a: 1\n*k : 2\n')).toEqual([]);
    expect(badOf('a: &x\n  b: 1\nc:\n  d: *x\n  e: [*x]\n')).toEqual([]);
    expect(badOf('a: &x [1]\nb: &y [*x, 2]\nc: *y\n')).toEqual([]);
    expect(badOf('a: &ns x\n---\nb: &ns y\nc: *ns\n')).toEqual([]);
  });

  it('a valid alias still resolves and shares its anchor when another one in the document is bad', () => {
    const docs = parseAllDocuments('a: &x 1\nb: *x\nc: *y\n');
    const bad: BadAlias[] = [];
    const shared = indexAliases(docs[0] as never, undefined, bad);
    expect(shared.map((s) => s.name)).toEqual(['x']);
    expect(bad.map((b) => b.name)).toEqual(['y']);
  });
});

describe('validateYaml: such an alias is a YAML_SYNTAX error at the alias, with an actionable message', () => {
  it('names the earlier document that holds the anchor', () => {
    expect(messages('metadata:\n  namespace: &ns logging\n---\nmetadata:\n  namespace: *ns\n')).toEqual([
      "5:14 YAML_SYNTAX alias *ns names no anchor in its document: &ns (at line 2) is in an earlier one, and an anchor does not reach past '---'; YAML loaders (kubectl, Helm, Fluent Bit) reject it; anchor the value again in this document, or write it out",
    ]);
  });

  it('names where the anchor is for an alias before it, and the anchored node for a cycle', () => {
    expect(messages('b: *ns\na:\n  x: 1\n  y: &ns\n    z: 2\n')).toEqual([
      '1:4 YAML_SYNTAX alias *ns comes before its anchor &ns (at line 4): an alias must follow its anchor, YAML loaders (kubectl, Helm, Fluent Bit) reject it; move &ns before the alias, or write the value out',
    ]);
    expect(messages('a: &x\n  b: *x\n')).toEqual([
      '2:6 YAML_SYNTAX alias *x stands inside the node &x anchors (at line 1): a recursive value, YAML loaders (kubectl, Helm) reject it; write the value out',
    ]);
  });

  it('says what to do when no document has the anchor', () => {
    expect(messages('a: *none\n')).toEqual([
      '1:4 YAML_SYNTAX alias *none names no anchor in its document: YAML loaders (kubectl, Helm, Fluent Bit) reject it; anchor the value with &none before the alias in this document, or write the value out',
    ]);
  });

  it("reports yaml's own errors first (a broken file's aliases are not looked at)", () => {
    expect(validateYaml('a: [\nb: *none\n').every((d) => d.code === 'YAML_SYNTAX' && !d.message.includes('*none'))).toBe(true);
    expect(validateYaml('a: &x 1\nb: *x\n')).toEqual([]);
  });
});
