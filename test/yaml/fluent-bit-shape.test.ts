import { describe, expect, it } from 'vitest';
import { parseAllDocuments, type Node } from 'yaml';
import { fluentBitShapeErrors } from '../../src/yaml/fluent-bit-shape.js';
import { readAllPieces } from '../../src/yaml/yaml-pieces.js';
import { fluentBitErrorsOf as errorsOf } from './helpers/fluent-bit-errors.js';

/*
 * The shapes Fluent Bit v5.1.1 refuses in a YAML config (fluent-bit-shape.ts,
 * NOTES.md "Fluent Bit's YAML refusals"): `line:col` (1-based, both) and the
 * message up to its first ':' of each error, for texts that parse as YAML.
 * The probes themselves are walked in fluent-bit-yaml.test.ts.
 */


const PIPE = 'pipeline:\n  inputs:\n    - name: dummy\n';

describe('fluentBitShapeErrors: sections', () => {
  it('refuses a section that is not a map (empty, a value, a list), at its value as Fluent Bit does', () => {
    expect(errorsOf(`service:\n${PIPE}`)).toEqual(["1:9 section 'service' must be a map of properties"]);
    expect(errorsOf(`service: 1\n${PIPE}`)).toEqual(["1:10 section 'service' must be a map of properties"]);
    expect(errorsOf(`custom_section:\n  - a\n${PIPE}`)).toEqual(["2:3 section 'custom_section' must be a map of properties"]);
    expect(errorsOf(`env:\n${PIPE}`)).toEqual(['1:5 env must be a map of variables']);
    expect(errorsOf(`includes: a.yaml\n${PIPE}`)).toEqual(['1:11 includes must be a list of file paths']);
    expect(errorsOf('service:\n  flush: 1\npipeline:\n')).toEqual(["3:10 the pipeline component '' is not valid"]);
    expect(errorsOf('pipeline: inputs\n')).toEqual(["1:11 the pipeline component 'inputs' is not valid"]);
    expect(errorsOf('pipeline:\n  - inputs\n')).toEqual(['2:3 pipeline must be a map of inputs, filters and outputs']);
    expect(errorsOf('pipeline:\n  input:\n    - name: dummy\n')).toEqual(["2:3 the pipeline component 'input' is not valid"]);
  });

  it('refuses plugin lists at the top (they belong under pipeline), and a list of plugins that is not a list of maps', () => {
    expect(errorsOf("inputs:\n  - name: dummy\noutputs:\n  - name: 'null'\n")).toEqual(["2:3 'inputs' belongs under 'pipeline", "4:3 'outputs' belongs under 'pipeline"]);
    expect(errorsOf('pipeline:\n  inputs:\n')).toEqual(['2:10 inputs must be a list of input plugins']);
    expect(errorsOf('pipeline:\n  inputs:\n    name: dummy\n')).toEqual(['3:5 inputs must be a list of input plugins']);
    expect(errorsOf('pipeline:\n  outputs:\n    - stdout\n')).toEqual(['3:7 each output must be a map of properties']);
    expect(errorsOf('customs:\n  - [calyptia]\n')).toEqual(['2:5 each custom must be a map of properties']);
  });

  it('refuses a list or a map where service, env and other sections take one value', () => {
    expect(errorsOf(`service:\n  parsers_file:\n    - a.conf\n    - b.conf\n${PIPE}`)).toEqual(["3:5 service property 'parsers_file' must be a single value"]);
    expect(errorsOf(`service:\n  flush: 1\n  storage:\n    path: /x\n${PIPE}`)).toEqual(["4:5 service property 'storage' holds a map"]);
    expect(errorsOf(`env:\n  A:\n    b: c\n${PIPE}`)).toEqual(["3:5 env variable 'A' holds a map"]);
    expect(errorsOf(`env:\n  A: [a, b]\n${PIPE}`)).toEqual(["2:6 env variable 'A' must be a single value"]);
    expect(errorsOf(`other:\n  k: {a: 1}\n${PIPE}`)).toEqual(["2:6 section 'other' property 'k' must be a single value"]);
    expect(errorsOf(`parsers:\n  - name: p\n    decode_field_as:\n      - json log\n${PIPE}`)).toEqual(["4:7 parser property 'decode_field_as' holds a list"]);
    expect(errorsOf(`parsers:\n  name: p\n${PIPE}`)).toEqual(['2:3 parsers must be a list of maps']);
    expect(errorsOf(`multiline_parsers:\n  - name: m\n    rules: x\n${PIPE}`)).toEqual(["3:12 'rules' of a multiline parser must be a list of maps"]);
    expect(errorsOf(`plugins:\n  - {a: 1}\n${PIPE}`)).toEqual(['2:5 a plugins item must be a path']);
    expect(errorsOf(`upstream_servers:\n  - name: u\n    nodes:\n      - name: n\n        host: [a]\n${PIPE}`)).toEqual(["5:15 upstream node property 'host' holds a list"]);
  });

  it('refuses a second service section, in one document or a later one', () => {
    expect(errorsOf('service:\n  flush: 1\nService:\n  flush: 2\n')).toEqual(["3:1 duplicated definition of 'service'"]);
    expect(errorsOf('service:\n  flush: 1\n---\nservice:\n  flush: 2\n')).toEqual(["4:1 duplicated definition of 'service'"]);
  });

  it('refuses a document that is not a map, and a key that is not a scalar', () => {
    expect(errorsOf('- a\n- b\n')).toEqual(['1:1 a YAML config document must be a map of sections']);
    expect(errorsOf('? [a]\n: b\n')).toEqual(['1:3 a section name must be a plain string']);
  });
});

describe('fluentBitShapeErrors: plugins', () => {
  it('refuses a map as a property, an empty list, a list item that is a map or a list, a blank value', () => {
    const text = [
      'pipeline:',
      '  filters:',
      '    - name: modify',
      "      match: '*'",
      '      add:',
      '        a: 1',
      '      remove: []',
      '      rename:',
      '        - a: 1',
      '        - [b, c]',
      "      copy: '   '",
      '      set: {a: b}',
      '',
    ].join('\n');
    expect(errorsOf(text)).toEqual([
      "6:9 property 'add' of a filter holds a map",
      "7:15 property 'remove' of a filter is an empty list",
      "9:11 an item of 'rename' holds a map",
      "10:11 an item of 'rename' holds a list",
      "11:13 property 'copy' of a filter holds only blanks",
      "12:12 property 'set' of a filter holds a map",
    ]);
  });

  it("refuses a plugin without name, as Fluent Bit translates keys (nAme is n_ame); Name, NAME and ' name' are names", () => {
    expect(errorsOf('pipeline:\n  inputs:\n    - tag: x\n')).toEqual(["3:7 an input without a 'name' key"]);
    expect(errorsOf('pipeline:\n  inputs:\n    - nAme: dummy\n')).toEqual(["3:7 an input without a 'name' key"]);
    expect(errorsOf('pipeline:\n  outputs:\n    - {match: x}\n')).toEqual(["3:7 an output without a 'name' key"]);
    expect(errorsOf('customs:\n  - tag: x\n')).toEqual(["2:5 a custom without a 'name' key"]);
    expect(errorsOf('pipeline:\n  inputs:\n    - Name: dummy\n    - NAME: dummy\n    - " name": dummy\n    - "name ": dummy\n')).toEqual([]);
    expect(errorsOf("pipeline:\n  inputs:\n    - name: '   '\n")).toEqual(["3:13 property 'name' of an input holds only blanks", "3:7 an input without a 'name' key"]);
  });

  it('accepts what Fluent Bit reads: list values, processors and routes maps, an empty value, env lists, extensions, rules and nodes', () => {
    const text = [
      'env:',
      '  - name: A',
      '    value: b',
      'service:',
      '  flush: 1',
      '  http_server:',
      'includes: []',
      'extensions:',
      '  any: {deep: [1, {x: y}]}',
      'multiline_parsers:',
      '  - name: m',
      '    rules:',
      '      - state: start_state',
      '        regex: /a/',
      '        next_state: cont',
      'upstream_servers:',
      '  - name: u',
      '    nodes:',
      '      - name: n',
      '        host: h',
      'pipeline:',
      '  inputs:',
      '    - name: tail',
      '      path: [/a, /b]',
      '      tag:',
      '      processors:',
      '        logs:',
      '          - name: content_modifier',
      '      routes:',
      '        - x',
      '  outputs:',
      '    - name: stdout',
      "      match: '*'",
      'other:',
      '  k: v',
      '',
    ].join('\n');
    expect(errorsOf(text)).toEqual([]);
  });

  it('leaves an alias to the alias error: no shape error for what it stands for', () => {
    expect(errorsOf('service: &s\n  flush: 1\npipeline:\n  inputs:\n    - *p\n    - <<: *q\n')).toEqual(['5:7 alias *p', "6:11 merge key '<<"]);
  });
});

describe('fluentBitShapeErrors on a text read in pieces', () => {
  it('gives the errors of the whole parse, and the top-level keys', () => {
    const text = 'service:\n  flush: 1\npipeline:\n  inputs:\n    - name: a\n    - tag: b\n  outputs:\n    - name: c\n      add: []\nservice:\n  flush: 2\n';
    const whole = parseAllDocuments(text, { uniqueKeys: false, prettyErrors: false });
    const docs = Array.isArray(whole) ? whole : [];
    const expected = fluentBitShapeErrors(docs[0]?.contents as Node, { serviceSeen: false });
    expect(expected.length).toBe(3);
    const read = readAllPieces(text, { uniqueKeys: false, prettyErrors: false }, (root) => {
      const topKeys: Node[] = [];
      return { errors: fluentBitShapeErrors(root, { serviceSeen: false, topKeys }), keys: topKeys.map((k) => String((k as { value?: unknown }).value)) };
    });
    expect(read?.errors).toEqual(expected);
    expect(read?.keys).toEqual(['service', 'pipeline', 'service']);
  });
});
