import { describe, expect, it } from 'vitest';
import { discoverFile } from '../../src/discover/discover-file.js';
import { migrate } from '../../src/migrate/migrate.js';
import { applyEdits } from '../../src/source/apply-edits.js';
import { LineIndex } from '../../src/source/line-index.js';
import { yamlFormatView } from '../../src/view/yaml-format.js';
import { yamlPieces } from '../../src/yaml/yaml-pieces.js';

/*
 * A Fluent Bit YAML config of several `---` documents is one config, as
 * Fluent Bit reads it (flb_cf_yaml.c: every document of the stream into the
 * same config; probes section-two-documents, section-document-markers):
 * discovery gives one whole-file `yaml-conf` config, the view reads every
 * document's sections and env in document order, and edits land in their
 * own document. A stream that mixes config documents with other documents
 * is read as before. Golden cases: fixtures/sources/yaml-documents.
 */

const DOC1 = `service:
  flush: 1
pipeline:
  inputs:
    - name: tail
      tag: kube.*
      path: \${ROOT}/*.log
      parser: docker
      docker_mode: on
`;
const DOC2 = `pipeline:
  inputs:
    - name: tail
      tag: app.*
      path: /var/log/containers/app-*.log
      parser: docker
  filters:
    - name: kubernetes
      match: kube.*
  outputs:
    - name: stdout
      match: '*'
parsers:
  - name: mine
    format: json
env:
  ROOT: /var/log/containers
`;
const TWO = `${DOC1}---\n${DOC2}`;

const errorsAt = (text: string): string[] => {
  const lines = new LineIndex(text);
  return discoverFile({ path: 'fluent-bit.yaml', text }).diagnostics.filter((d) => d.severity === 'error').map((d) => `${lines.position(d.start).line}:${lines.position(d.start).column} ${d.message.slice(0, d.message.indexOf(':'))}`);
};

describe('discovery of a YAML config of several documents', () => {
  it('is one whole-file yaml-conf config, like a one-document config', () => {
    for (const text of [TWO, `---\n${DOC1}...\n---\n${DOC2}...\n`, `# a comment first\n---\n${DOC1}---\n# only a comment in between is not a document\n${DOC2}`]) {
      const d = discoverFile({ path: 'fluent-bit.yaml', text });
      expect(d.fileKind).toBe('yaml-conf');
      expect(d.diagnostics).toEqual([]);
      expect(d.configs.map((c) => [c.format, c.style, c.start, c.end])).toEqual([['yaml', 'file', 0, text.length]]);
      expect(d.documents.length).toBe(2);
    }
  });

  it('keeps a stream that mixes config documents with other documents as before (chart values, Kubernetes objects)', () => {
    const values = discoverFile({ path: 'fluent-bit.yaml', text: `${DOC1}---\nimage:\n  tag: 3.2.0\n` });
    expect(values.fileKind).toBe('helm-values');
    expect(values.configs).toEqual([]);
    const manifest = discoverFile({ path: 'fluent-bit.yaml', text: `${DOC1}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n` });
    expect(manifest.fileKind).toBe('manifest');
    const scalar = discoverFile({ path: 'fluent-bit.yaml', text: `${DOC1}--- text\n` });
    expect(scalar.fileKind).not.toBe('yaml-conf');
  });

  it("refuses an empty document libyaml reads (a '---' with nothing but comments after it), at its '---', as Fluent Bit does", () => {
    expect(errorsAt(`${DOC1}---\n`)).toEqual(['10:1 empty YAML document']);
    expect(errorsAt(`${DOC1}---\n# nothing here\n`)).toEqual(['10:1 empty YAML document']);
    expect(errorsAt(`---\n---\n${DOC2}`)).toEqual(['1:1 empty YAML document']);
    expect(errorsAt(`${DOC1}---\n---\n${DOC2}`)).toEqual(['10:1 empty YAML document']);
    const d = discoverFile({ path: 'fluent-bit.yaml', text: `${DOC1}---\n` });
    expect(d.fileKind).toBe('yaml-conf');
    expect(d.configs.length).toBe(1);
    // yaml's empty document after a second `...` is no document for libyaml: nothing to refuse.
    expect(errorsAt(`${DOC1}...\n...\n`)).toEqual([]);
    expect(discoverFile({ path: 'fluent-bit.yaml', text: `${DOC1}...\n...\n` }).fileKind).toBe('yaml-conf');
  });

  it('refuses an alias in any document (Fluent Bit refuses every alias), the file staying a config', () => {
    const d = discoverFile({ path: 'fluent-bit.yaml', text: `${DOC1}---\npipeline:\n  outputs:\n    - &o {name: stdout, match: '*'}\n    - *o\n` });
    expect(d.fileKind).toBe('yaml-conf');
    expect(d.diagnostics.map((x) => x.severity)).toEqual(['error']);
  });

  it('reads a big config of several documents whole (the pieces fall back on a document marker; partitioning refuses kind-less documents)', () => {
    // Over the pieces' threshold and the partition's (512 KiB, PARTITION_LIMITS).
    const filler = Array.from({ length: 15_000 }, (_, i) => `    - name: stdout\n      match: filler.${i}\n`).join('');
    const text = `${DOC1}---\npipeline:\n  outputs:\n${filler}---\n${DOC2}`;
    expect(text.length).toBeGreaterThan(Math.max(yamlPieces.minBytes, 512 * 1024));
    const d = discoverFile({ path: 'fluent-bit.yaml', text });
    expect(d.fileKind).toBe('yaml-conf');
    expect(d.documents.length).toBe(3);
    const view = yamlFormatView(d.configs[0]!);
    expect(view.sectionsOf('input').map((s) => s.get('tag')?.value)).toEqual(['kube.*', 'app.*']);
    expect(view.variables.map((v) => v.name)).toEqual(['ROOT']);
    const [r] = migrate([{ path: 'fluent-bit.yaml', text }], { runtime: 'containerd' }).files;
    expect(r!.findings.filter((f) => f.severity === 'change').map((f) => f.line)).toEqual([8, 9, 15_000 * 2 + 10 + 3 + 6]);
  });
});

describe('the YAML view of a config of several documents', () => {
  const view = yamlFormatView(discoverFile({ path: 'fluent-bit.yaml', text: TWO }).configs[0]!);

  it("reads every document's sections in document order, and every document's env", () => {
    expect(view.sections.map((s) => `${s.kind}:${s.plugin}`)).toEqual(['service:', 'input:tail', 'input:tail', 'filter:kubernetes', 'output:stdout', 'parser:mine']);
    expect(view.sectionsOf('input').map((s) => s.get('tag')?.value)).toEqual(['kube.*', 'app.*']);
    expect(view.variables).toEqual([{ name: 'ROOT', value: '/var/log/containers' }]);
  });

  it('puts each edit in its own document: replace, remove and insert in the second document, a removal at the end of the first', () => {
    const [first, second] = view.sectionsOf('input');
    const apply = (fix: { edits: readonly import('../../src/source/edit.js').Edit[] }): string => applyEdits(TWO, fix.edits);
    expect(apply(second!.get('parser')!.replace('multiline.parser', 'docker, cri'))).toBe(TWO.replace('app-*.log\n      parser: docker', 'app-*.log\n      multiline.parser: docker, cri'));
    expect(apply(second!.get('parser')!.remove())).toBe(TWO.replace('app-*.log\n      parser: docker\n', 'app-*.log\n'));
    expect(apply(second!.get('parser')!.insertAfter('multiline.parser', 'cri'))).toBe(TWO.replace('app-*.log\n      parser: docker\n', 'app-*.log\n      parser: docker\n      multiline.parser: cri\n'));
    // The last pair of the first document: its line goes, the '---' after it stays.
    expect(apply(first!.get('docker_mode')!.remove())).toBe(TWO.replace('      docker_mode: on\n---\n', '---\n'));
  });

  it('migrates both documents in one run, byte-identical outside the edited lines, and a second run changes nothing', () => {
    const [r] = migrate([{ path: 'fluent-bit.yaml', text: TWO }], { runtime: 'containerd' }).files;
    expect(r!.hasErrors).toBe(false);
    const expected = TWO.replace('      parser: docker\n      docker_mode: on\n', '      multiline.parser: docker, cri\n').replace('app-*.log\n      parser: docker', 'app-*.log\n      multiline.parser: docker, cri');
    expect(r!.output).toBe(expected);
    const [again] = migrate([{ path: 'fluent-bit.yaml', text: r!.output }], { runtime: 'containerd' }).files;
    expect(again!.changed).toBe(false);
  });
});
