import { describe, expect, it } from 'vitest';
import { compareViews } from '../../src/convert/compare-views.js';
import type { FbView } from '../../src/convert/view.js';

/*
 * compareViews makes the place of a difference (`inputs[3] (tail)`) only when there is one, and walks values
 * without a list of every value (memory of the proof of a big --to-yaml conversion, issue #14). Its messages are
 * the ones it wrote before: one difference at each level of a view, both ways and with a mapRef, against the
 * messages main's build gave for the same pairs (recorded here).
 */

const P = (key: string, value: string) => ({ key, value, origin: { file: 'f', offset: 0 } });
const base = (): any => ({
  files: ['f'], env: [P('A', '1')], service: [P('flush', '1'), P('parsers_file', 'p.conf')],
  customs: [], inputs: [{ kind: 'input', props: [P('name', 'tail'), P('path', '/x')], yamlOnly: [], origin: { file: 'f', offset: 0 } }],
  filters: [{ kind: 'filter', props: [P('Name', 'grep'), P('regex', 'k ${A}')], yamlOnly: ['processors'], origin: { file: 'f', offset: 0 } }],
  outputs: [{ kind: 'output', props: [P('name', 'es')], yamlOnly: [], origin: { file: 'f', offset: 0 } }],
  parsers: [{ props: [P('name', 'p1'), P('format', 'json')], origin: { file: 'f', offset: 0 } }],
  multilineParsers: [{ props: [P('name', 'm')], rules: [{ state: 'start_state', regex: '/a/', nextState: 'c' }], origin: { file: 'f', offset: 0 } }],
  parsersFiles: [{ value: 'p.conf', file: 'p.conf', parsers: [{ props: [P('name', 'q')], origin: { file: 'p', offset: 0 } }], multilineParsers: [], origin: { file: 'f', offset: 0 } }],
  plugins: ['/a.so'],
  upstreams: [{ props: [P('name', 'u')], nodes: [[P('name', 'n1'), P('host', 'h')]], origin: { file: 'f', offset: 0 } }],
});
const muts: Record<string, (v: any) => void> = {
  same: () => {},
  env: (v) => { v.env[0] = P('A', '2'); },
  service: (v) => { v.service[0] = P('flush', '2'); },
  serviceExtra: (v) => { v.service.push(P('x', 'y')); },
  parsersFileMapped: (v) => { v.service[1] = P('parsers_file', 'p.yaml'); },
  inputProp: (v) => { v.inputs[0].props[1] = P('path', '/y'); },
  inputMissing: (v) => { v.inputs = []; },
  filterKey: (v) => { v.filters[0].props[0] = P('NAME', 'grep'); },
  yamlOnly: (v) => { v.filters[0].yamlOnly = []; },
  outputsExtra: (v) => { v.outputs.push({ kind: 'output', props: [P('name', 'stdout')], yamlOnly: [], origin: { file: 'f', offset: 0 } }); },
  parser: (v) => { v.parsers[0].props[1] = P('format', 'regex'); },
  mlRule: (v) => { v.multilineParsers[0].rules[0] = { state: 'start_state', regex: '/b/', nextState: null }; },
  mlProp: (v) => { v.multilineParsers[0].props.push(P('type', 'regex')); },
  pfValue: (v) => { v.parsersFiles[0] = { ...v.parsersFiles[0], value: 'other.conf' }; },
  pfRead: (v) => { v.parsersFiles[0] = { ...v.parsersFiles[0], file: null }; },
  pfParser: (v) => { v.parsersFiles[0] = { ...v.parsersFiles[0], parsers: [{ props: [P('name', 'z')], origin: { file: 'p', offset: 0 } }] }; },
  plugins: (v) => { v.plugins = ['/b.so']; },
  upstreamNode: (v) => { v.upstreams[0].nodes[0][1] = P('host', 'h2'); },
  upstreamNodes: (v) => { v.upstreams[0].nodes.push([P('name', 'n2')]); },
};

const expected: Record<string, [string | null, string | null, string | null]> = {
  "same": [
    null,
    "service: property #2: \"parsers_file\"=\"p.yaml\" != \"parsers_file\"=\"p.conf\"",
    null
  ],
  "env": [
    "env \"A\": \"1\" != \"2\"",
    "env \"A\": \"1\" != \"2\"",
    "env \"A\": \"2\" != \"1\""
  ],
  "service": [
    "service: property #1: \"flush\"=\"1\" != \"flush\"=\"2\"",
    "service: property #1: \"flush\"=\"1\" != \"flush\"=\"2\"",
    "service: property #1: \"flush\"=\"2\" != \"flush\"=\"1\""
  ],
  "serviceExtra": [
    "service: property #3 \"x\"=\"y\" is only on the second side",
    "service: property #2: \"parsers_file\"=\"p.yaml\" != \"parsers_file\"=\"p.conf\"",
    "service: property #3 \"x\"=\"y\" is only on the first side"
  ],
  "parsersFileMapped": [
    "service: property #2: \"parsers_file\"=\"p.conf\" != \"parsers_file\"=\"p.yaml\"",
    "parsers_file[0] (p.conf): \"p.yaml\" != \"p.conf\"",
    "service: property #2: \"parsers_file\"=\"p.yaml\" != \"parsers_file\"=\"p.conf\""
  ],
  "inputProp": [
    "inputs[0] (tail): property #2: \"path\"=\"/x\" != \"path\"=\"/y\"",
    "service: property #2: \"parsers_file\"=\"p.yaml\" != \"parsers_file\"=\"p.conf\"",
    "inputs[0] (tail): property #2: \"path\"=\"/y\" != \"path\"=\"/x\""
  ],
  "inputMissing": [
    "inputs: 1 on the first side, 0 on the second (tail is extra)",
    "service: property #2: \"parsers_file\"=\"p.yaml\" != \"parsers_file\"=\"p.conf\"",
    "inputs: 0 on the first side, 1 on the second (tail is extra)"
  ],
  "filterKey": [
    null,
    "service: property #2: \"parsers_file\"=\"p.yaml\" != \"parsers_file\"=\"p.conf\"",
    null
  ],
  "yamlOnly": [
    "filters[0] (grep): YAML-only blocks differ",
    "service: property #2: \"parsers_file\"=\"p.yaml\" != \"parsers_file\"=\"p.conf\"",
    "filters[0] (grep): YAML-only blocks differ"
  ],
  "outputsExtra": [
    "outputs: 1 on the first side, 2 on the second (stdout is extra)",
    "service: property #2: \"parsers_file\"=\"p.yaml\" != \"parsers_file\"=\"p.conf\"",
    "outputs: 2 on the first side, 1 on the second (stdout is extra)"
  ],
  "parser": [
    "parsers[0] (p1): property #2: \"format\"=\"json\" != \"format\"=\"regex\"",
    "service: property #2: \"parsers_file\"=\"p.yaml\" != \"parsers_file\"=\"p.conf\"",
    "parsers[0] (p1): property #2: \"format\"=\"regex\" != \"format\"=\"json\""
  ],
  "mlRule": [
    "multiline_parsers[0] (m) rules[0] (start_state): \"start_state\" \"/a/\" \"c\" != \"start_state\" \"/b/\" \"(none)\"",
    "service: property #2: \"parsers_file\"=\"p.yaml\" != \"parsers_file\"=\"p.conf\"",
    "multiline_parsers[0] (m) rules[0] (start_state): \"start_state\" \"/b/\" \"(none)\" != \"start_state\" \"/a/\" \"c\""
  ],
  "mlProp": [
    "multiline_parsers[0] (m): property #2 \"type\"=\"regex\" is only on the second side",
    "service: property #2: \"parsers_file\"=\"p.yaml\" != \"parsers_file\"=\"p.conf\"",
    "multiline_parsers[0] (m): property #2 \"type\"=\"regex\" is only on the first side"
  ],
  "pfValue": [
    "parsers_file[0] (p.conf): \"p.conf\" != \"other.conf\"",
    "service: property #2: \"parsers_file\"=\"p.yaml\" != \"parsers_file\"=\"p.conf\"",
    "parsers_file[0] (other.conf): \"other.conf\" != \"p.conf\""
  ],
  "pfRead": [
    "parsers_file[0] (p.conf): read on one side only",
    "service: property #2: \"parsers_file\"=\"p.yaml\" != \"parsers_file\"=\"p.conf\"",
    "parsers_file[0] (p.conf): read on one side only"
  ],
  "pfParser": [
    "parsers_file[0] (p.conf) parsers[0] (q): property #1: \"name\"=\"q\" != \"name\"=\"z\"",
    "service: property #2: \"parsers_file\"=\"p.yaml\" != \"parsers_file\"=\"p.conf\"",
    "parsers_file[0] (p.conf) parsers[0] (z): property #1: \"name\"=\"z\" != \"name\"=\"q\""
  ],
  "plugins": [
    "plugins[0] (/a.so): \"/a.so\" != \"/b.so\"",
    "service: property #2: \"parsers_file\"=\"p.yaml\" != \"parsers_file\"=\"p.conf\"",
    "plugins[0] (/b.so): \"/b.so\" != \"/a.so\""
  ],
  "upstreamNode": [
    "upstream_servers[0] (u) nodes[0] (node): property #2: \"host\"=\"h\" != \"host\"=\"h2\"",
    "service: property #2: \"parsers_file\"=\"p.yaml\" != \"parsers_file\"=\"p.conf\"",
    "upstream_servers[0] (u) nodes[0] (node): property #2: \"host\"=\"h2\" != \"host\"=\"h\""
  ],
  "upstreamNodes": [
    "upstream_servers[0] (u) nodes: 1 on the first side, 2 on the second (node is extra)",
    "service: property #2: \"parsers_file\"=\"p.yaml\" != \"parsers_file\"=\"p.conf\"",
    "upstream_servers[0] (u) nodes: 2 on the first side, 1 on the second (node is extra)"
  ]
};

describe('compareViews messages', () => {
  const mapRef = (s: string): string => s.replace(/\.conf$/, '.yaml');
  it.each(Object.keys(muts).map((k) => [k] as const))('%s', (k) => {
    const changed = base();
    (muts[k] as (v: any) => void)(changed);
    const got = [compareViews(base() as FbView, changed as FbView), compareViews(base() as FbView, changed as FbView, { mapRef }), compareViews(changed as FbView, base() as FbView)];
    expect(got).toEqual(expected[k]);
  });
});
