import { describe, expect, it } from 'vitest';
import { discoverFile } from '../../src/discover/discover-file.js';
import { loadConfig } from '../../src/model/config-model.js';
import { applyEdits } from '../../src/source/apply-edits.js';
import { classicView } from '../../src/view/classic.js';
import { operatorView } from '../../src/view/operator.js';
import { fileTarget } from '../../src/view/target.js';
import type { ConfigView, Fix } from '../../src/view/types.js';
import { yamlFormatView } from '../../src/view/yaml-format.js';

/*
 * One contract, three backends: the same tail input written in the classic
 * format (inside a ConfigMap block scalar), the YAML format and as a Fluent
 * Operator ClusterInput reads the same through the view, and each edit comes
 * out in the input's own syntax.
 */

const CLASSIC = `apiVersion: v1
kind: ConfigMap
metadata:
  name: fb
data:
  fluent-bit.conf: |
    @SET root=/var/log
    [INPUT]
        Name         tail
        Path         \${root}/containers/*.log
        PARSER       docker
        Docker_Mode  On
    [FILTER]
        Name   kubernetes
        Match  kube.*
`;

const YAML_FORMAT = `env:
  root: /var/log
pipeline:
  inputs:
    - name: tail
      path: \${root}/containers/*.log
      Parser: docker
      dockerMode: 'On'
  filters:
    - name: kubernetes
      match: kube.*
`;

const OPERATOR = `apiVersion: fluentbit.fluent.io/v1alpha2
kind: ClusterInput
metadata:
  name: tail
spec:
  tail:
    path: \${root}/containers/*.log
    Parser: docker
    dockerMode: "On"
`;

function classic(): ConfigView {
  const config = discoverFile({ path: 'cm.yaml', text: CLASSIC }).configs[0]!;
  return classicView(config, loadConfig(config.text).model);
}
function yamlFormat(): ConfigView {
  return yamlFormatView(discoverFile({ path: 'fluent-bit.yaml', text: YAML_FORMAT }).configs[0]!);
}
function operator(): ConfigView {
  const d = discoverFile({ path: 'input.yaml', text: OPERATOR });
  return operatorView(d.operatorInputs[0]!, fileTarget(d.path, d.text));
}

/** The file text after `fixes` (all on one config) are mapped out and applied. */
function applied(view: ConfigView, fileText: string, ...fixes: Fix[]): string {
  for (const f of fixes) expect(f.target).toBe(view.target);
  return applyEdits(fileText, view.target.mapEdits(fixes.flatMap((f) => f.edits)));
}

const backends = [
  { syntax: 'classic', view: classic, text: CLASSIC },
  { syntax: 'yaml', view: yamlFormat, text: YAML_FORMAT },
  { syntax: 'operator', view: operator, text: OPERATOR },
] as const;

describe.each(backends)('$syntax backend', ({ syntax, view, text }) => {
  it('reads the tail input by Fluent Bit names, case-insensitively', () => {
    const v = view();
    expect(v.syntax).toBe(syntax);
    const tail = v.sectionsOf('input')[0]!;
    expect(tail.plugin).toBe('tail');
    expect(tail.get('parser')?.value).toBe('docker');
    expect(tail.get('PARSER')?.key).toBe(syntax === 'classic' ? 'PARSER' : 'Parser');
    expect(tail.get('docker_mode')?.value).toBe('On');
    expect(tail.has('multiline.parser')).toBe(false);
    expect(tail.get('path')?.varRefs.map((r) => r.name)).toEqual(['root']);
    const at = tail.get('parser')!.at;
    expect(at.target.text.slice(at.start, at.end)).toMatch(/^PARSER\s+docker$|^Parser: docker$/);
  });

  it('replaces a key and its value in its own spelling', () => {
    const v = view();
    const parser = v.sectionsOf('input')[0]!.get('parser')!;
    const out = applied(v, text, parser.replace('multiline.parser', 'docker, cri'));
    const expected = { classic: '        multiline.parser docker, cri\n', yaml: '      multiline.parser: docker, cri\n', operator: '    multilineParser: docker, cri\n' }[syntax];
    expect(out).toBe(text.replace(/^ *(PARSER|Parser)\b.*\n/m, expected));
  });

  it('removes a property with its line and replaces a value keeping the quoting', () => {
    const v = view();
    const tail = v.sectionsOf('input')[0]!;
    const out = applied(v, text, tail.get('docker_mode')!.remove(), tail.get('path')!.replaceValue('/var/log/containers/*.log'));
    expect(out).not.toMatch(/docker_?mode/i);
    expect(out).toContain('/var/log/containers/*.log');
    expect(out).not.toContain('${root}');
    expect(out.split('\n').length).toBe(text.split('\n').length - 1);
  });

  it('inserts a property after another, in its indentation', () => {
    const v = view();
    const path = v.sectionsOf('input')[0]!.get('path')!;
    const out = applied(v, text, path.insertAfter('tag', 'kube.*'));
    const line = out.split('\n')[text.slice(0, text.indexOf('${root}')).split('\n').length]!;
    expect(line).toMatch(syntax === 'classic' ? /^ {8}tag {10}kube\.\*$/ : /^ +tag: kube\.\*$/);
  });
});

describe('config-level reads', () => {
  it('variables come from @SET and YAML env', () => {
    expect(classic().variables).toEqual([{ name: 'root', value: '/var/log' }]);
    expect(yamlFormat().variables).toEqual([{ name: 'root', value: '/var/log' }]);
    expect(operator().variables).toEqual([]);
  });

  it('filters are sections too; the operator input is one tail section', () => {
    expect(classic().sectionsOf('filter').map((s) => s.plugin)).toEqual(['kubernetes']);
    expect(yamlFormat().sectionsOf('filter').map((s) => s.get('match')?.value)).toEqual(['kube.*']);
    expect(operator().sections.map((s) => `${s.kind} ${s.plugin}`)).toEqual(['input tail']);
  });

  it('only a classic config can take a classic block', () => {
    const v = classic();
    const out = applied(v, CLASSIC, v.appendClassicBlock!('[PARSER]\n    Name x\n    Format regex\n'));
    expect(out.endsWith('        Match  kube.*\n\n    [PARSER]\n        Name x\n        Format regex\n')).toBe(true);
    expect(yamlFormat().appendClassicBlock).toBeUndefined();
    expect(operator().appendClassicBlock).toBeUndefined();
  });

  it('the operator spells Fluent Bit keys as its fields, and says which keys it has no field for', () => {
    const v = operator();
    expect(v.spell('docker_mode_flush')).toBe('dockerModeFlushSeconds');
    expect(v.spell('multiline.parser')).toBe('multilineParser');
    expect(v.writable?.('multiline.parser')).toBe(true);
    // A key without a field is named as Fluent Bit names it (for messages), and cannot be written.
    expect(v.spell('no_such_key')).toBe('no_such_key');
    expect(v.writable?.('no_such_key')).toBe(false);
  });
});
