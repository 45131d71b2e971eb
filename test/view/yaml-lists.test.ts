import { describe, expect, it } from 'vitest';
import { discoverFile } from '../../src/discover/discover-file.js';
import { applyEdits } from '../../src/source/apply-edits.js';
import type { ConfigView, Fix, Property } from '../../src/view/types.js';
import { yamlFormatView } from '../../src/view/yaml-format.js';

/*
 * List values of the YAML format (NOTES.md "List values in YAML configs"):
 * Fluent Bit reads `key: [a, b]` (or block `- a` lines) as the key once per
 * item, untrimmed (flb_cf_yaml.c STATE_PLUGIN_VAL_LIST). The view has one
 * property per item; each edit is exact (the output text below, every other
 * byte kept) or refused with a reason, never guessed.
 */

function view(text: string): ConfigView {
  const d = discoverFile({ path: 'fluent-bit.yaml', text });
  expect(d.diagnostics.filter((x) => x.severity === 'error')).toEqual([]);
  return yamlFormatView(d.configs[0]!);
}

function input(text: string, i = 0): readonly Property[] {
  return view(text).sectionsOf('input')[i]!.properties;
}

function apply(text: string, ...fixes: Fix[]): string {
  for (const f of fixes) expect(f.refused).toBeUndefined();
  const v = view(text);
  return applyEdits(text, v.target.mapEdits(fixes.flatMap((f) => f.edits)));
}

const wrap = (lines: string): string => `pipeline:\n  inputs:\n    - name: tail\n${lines}  outputs:\n    - name: stdout\n`;

describe('reading list values', () => {
  it('a flow list is the key once per item, in order, each untrimmed, at the item', () => {
    const text = wrap("      path: /var/log/containers/*.log\n      multiline.parser: [docker, ' cri ']\n      tag: kube.*\n");
    const props = input(text);
    expect(props.map((p) => `${p.name}=${p.value}`)).toEqual(['name=tail', 'path=/var/log/containers/*.log', 'multiline.parser=docker', 'multiline.parser= cri ', 'tag=kube.*']);
    const [docker, cri] = props.filter((p) => p.item);
    expect(docker!.item).toMatchObject({ index: 0, count: 2, flow: true });
    expect(text.slice(docker!.at.start, docker!.at.end)).toBe('docker');
    expect(text.slice(cri!.at.start, cri!.at.end)).toBe("' cri '");
    expect(text.slice(cri!.item!.pairAt.start, cri!.item!.pairAt.end)).toBe("multiline.parser: [docker, ' cri ']");
  });

  it('a block list too; ${VAR} in an item is found', () => {
    const props = input(wrap('      parser:\n        - docker\n        # between\n        - "${P}"\n'));
    expect(props.filter((p) => p.item).map((p) => [p.value, p.item!.flow, p.varRefs.length])).toEqual([['docker', false, 0], ['${P}', false, 1]]);
  });

  it('values Fluent Bit refuses (an empty list, a map item, a list in service) stay one property with no value', () => {
    const text = `service:\n  parsers_file: [a.conf]\n${wrap('      add: []\n      rename:\n        - a: 1\n')}`;
    // Discovery refuses the config (src/yaml/fluent-bit-shape.ts: one error each); the view still reads it.
    const d = discoverFile({ path: 'fluent-bit.yaml', text });
    expect(d.diagnostics.filter((x) => x.severity === 'error').map((x) => x.code)).toEqual(['YAML_SYNTAX', 'YAML_SYNTAX', 'YAML_SYNTAX']);
    const v = yamlFormatView(d.configs[0]!);
    expect(v.sectionsOf('service')[0]!.properties.map((p) => [p.name, p.value, p.item])).toEqual([['parsers_file', '', undefined]]);
    expect(v.sectionsOf('input')[0]!.properties.filter((p) => p.name !== 'name').map((p) => [p.name, p.value, p.item])).toEqual([['add', '', undefined], ['rename', '', undefined]]);
  });
});

describe('editing list items', () => {
  const flow = wrap('      parser: [docker, json]   # note\n      tag: kube.*\n');
  const block = wrap("      parser:\n        - 'docker'\n        - json\n      tag: kube.*\n");
  const item = (text: string, value: string): Property => input(text).find((p) => p.item && p.value === value)!;

  it('replaceValue replaces the item scalar in its own style', () => {
    expect(apply(flow, item(flow, 'docker').replaceValue('cri'))).toBe(wrap('      parser: [cri, json]   # note\n      tag: kube.*\n'));
    expect(apply(block, item(block, 'docker').replaceValue('cri'))).toBe(wrap("      parser:\n        - 'cri'\n        - json\n      tag: kube.*\n"));
  });

  it('a value with a comma is quoted inside a flow list (plain, it would be two items), plain in a block list', () => {
    expect(apply(flow, item(flow, 'json').replaceValue('docker, cri'))).toBe(wrap('      parser: [docker, "docker, cri"]   # note\n      tag: kube.*\n'));
    expect(apply(block, item(block, 'json').replaceValue('docker, cri'))).toBe(wrap("      parser:\n        - 'docker'\n        - docker, cri\n      tag: kube.*\n"));
  });

  it('remove drops the item with its comma or its line', () => {
    expect(apply(flow, item(flow, 'docker').remove())).toBe(wrap('      parser: [json]   # note\n      tag: kube.*\n'));
    expect(apply(flow, item(flow, 'json').remove())).toBe(wrap('      parser: [docker]   # note\n      tag: kube.*\n'));
    expect(apply(block, item(block, 'json').remove())).toBe(wrap("      parser:\n        - 'docker'\n      tag: kube.*\n"));
  });

  it('removing the last item (or every item, in one fix) removes the key: `key: []` is an error in Fluent Bit', () => {
    const one = wrap('      parser: [docker]\n      tag: kube.*\n');
    expect(apply(one, item(one, 'docker').remove())).toBe(wrap('      tag: kube.*\n'));
    const d = item(flow, 'docker');
    expect(apply(flow, d.item!.removeItems([0, 1]))).toBe(wrap('      tag: kube.*\n'));
    expect(apply(block, item(block, 'docker').item!.removeItems([1, 0]))).toBe(wrap('      tag: kube.*\n'));
  });

  it('removeItems removes neighbouring flow items without overlapping edits', () => {
    const three = wrap('      add: [a 1, b 2, c 3]\n');
    const a = item(three, 'a 1');
    expect(apply(three, a.item!.removeItems([1, 2]))).toBe(wrap('      add: [a 1]\n'));
    expect(apply(three, a.item!.removeItems([0, 1]))).toBe(wrap('      add: [c 3]\n'));
    expect(apply(three, a.item!.removeItems([0, 2]))).toBe(wrap('      add: [b 2]\n'));
  });

  it('insertAfter with the same key adds an item; with another key, a pair after the list', () => {
    expect(apply(flow, item(flow, 'docker').insertAfter('parser', 'cri'))).toBe(wrap('      parser: [docker, cri, json]   # note\n      tag: kube.*\n'));
    expect(apply(flow, item(flow, 'json').insertAfter('parser', 'a, b'))).toBe(wrap('      parser: [docker, json, "a, b"]   # note\n      tag: kube.*\n'));
    expect(apply(block, item(block, 'docker').insertAfter('parser', 'cri'))).toBe(wrap("      parser:\n        - 'docker'\n        - cri\n        - json\n      tag: kube.*\n"));
    expect(apply(block, item(block, 'docker').insertAfter('db', '/x.db'))).toBe(wrap("      parser:\n        - 'docker'\n        - json\n      db: /x.db\n      tag: kube.*\n"));
  });

  it('replace (rename) of a one-item list: a flow list becomes the scalar, a block list keeps its item', () => {
    const one = wrap("      parser: ['docker']\n");
    expect(apply(one, item(one, 'docker').replace('multiline.parser', 'docker, cri'))).toBe(wrap("      multiline.parser: 'docker, cri'\n"));
    const oneBlock = wrap('      parser:\n        - docker\n');
    expect(apply(oneBlock, item(oneBlock, 'docker').replace('multiline.parser', 'docker, cri'))).toBe(wrap('      multiline.parser:\n        - docker, cri\n'));
    const spaced = wrap('      parser: [ docker ]\n');
    expect(apply(spaced, item(spaced, 'docker').replace('multiline.parser', 'cri'))).toBe(wrap('      multiline.parser: cri\n'));
  });

  it('replace keeping the key (any spelling of it) replaces the item', () => {
    expect(apply(flow, item(flow, 'json').replace('parser', 'cri'))).toBe(wrap('      parser: [docker, cri]   # note\n      tag: kube.*\n'));
  });

  it('replace (rename) of one item of several is refused with a reason, at the item, and no edits', () => {
    const fix = item(flow, 'docker').replace('multiline.parser', 'docker, cri');
    expect(fix.edits).toEqual([]);
    expect(fix.refused?.reason).toMatch(/^parser is a list of 2 items .* move it out of the list as its own `multiline.parser: docker, cri`$/);
    expect(flow.slice(fix.refused!.at.start, fix.refused!.at.end)).toBe('docker');
  });

  it('inside a flow map, a value with a comma is quoted', () => {
    const text = 'pipeline:\n  inputs:\n    - {name: tail, parser: docker, db: [x.db]}\n';
    const props = input(text);
    const parser = props.find((p) => p.name === 'parser')!;
    expect(apply(text, parser.replace('multiline.parser', 'docker, cri'))).toBe('pipeline:\n  inputs:\n    - {name: tail, multiline.parser: "docker, cri", db: [x.db]}\n');
    const db = props.find((p) => p.name === 'db')!;
    expect(apply(text, db.replace('storage.path', 'a,b'))).toBe('pipeline:\n  inputs:\n    - {name: tail, parser: docker, storage.path: "a,b"}\n');
  });
});
