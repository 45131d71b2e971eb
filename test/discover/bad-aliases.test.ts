import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { discoverFile } from '../../src/discover/discover-file.js';
import { LineIndex } from '../../src/source/line-index.js';
import { listFiles } from '../helpers/golden.js';
import { runCli } from '../cli/helpers/run-cli.js';

/*
 * An alias with no anchor before it in its document (or inside the node it
 * names) is a YAML_SYNTAX error at the alias in every YAML text discovery
 * reads, like yaml's own errors: exit 2, the file not written, the other
 * files of the batch still migrated. Golden cases:
 * fixtures/sources/yaml-aliases (test/migrate/sources.test.ts).
 */

const FIXTURES = fileURLToPath(new URL('../../fixtures/sources/yaml-aliases/', import.meta.url));

/** discoverFile's diagnostics as `line:col severity code`. */
function brief(path: string, text: string): string[] {
  const d = discoverFile({ path, text });
  const lines = new LineIndex(text);
  return d.diagnostics.map((x) => {
    const p = lines.position(x.start);
    return `${p.line}:${p.column} ${x.severity} ${x.code}`;
  });
}

describe('discovery reports an alias without its anchor before it', () => {
  it('in a manifest stream and a values file: the file is invalid, nothing is read', () => {
    for (const [path, text, at] of [
      ['a.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: &ns x\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: b\n  namespace: *ns\n', '11:14'],
      ['values.yaml', 'image:\n  tag: *tag\n', '2:8'],
    ] as const) {
      const d = discoverFile({ path, text });
      expect(brief(path, text), path).toEqual([`${at} error YAML_SYNTAX`]);
      expect(d.fileKind, path).toBe('invalid');
      expect(d.configs, path).toEqual([]);
    }
  });

  it('in a YAML-format config file: an error at the alias (Fluent Bit refuses every alias), the config kept for its includers', () => {
    const text = 'pipeline:\n  inputs:\n    - name: tail\n      tag: *t\n';
    const d = discoverFile({ path: 'fluent-bit.yaml', text });
    expect(brief('fluent-bit.yaml', text)).toEqual(['4:12 error YAML_SYNTAX']);
    expect(d.diagnostics[0]?.message).toMatch(/^alias \*t: Fluent Bit's YAML config reader refuses aliases/);
    expect(d.fileKind).toBe('yaml-conf');
    expect(d.configs.length).toBe(1);
  });

  it('in a values string and a YAML config in a ConfigMap key, at the alias in the file', () => {
    const app = 'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: fb\nspec:\n  source:\n    chart: fluent-bit\n    helm:\n      values: |\n        image:\n          tag: *t\n        x: &t 1\n';
    const d = discoverFile({ path: 'app.yaml', text: app });
    expect(brief('app.yaml', app)).toEqual(['11:16 error YAML_SYNTAX']);
    // The anchor's line is the file's, not the string's.
    expect(d.diagnostics[0]?.message).toMatch(/^spec\.source\.helm\.values: alias \*t comes before its anchor &t \(at line 12\)/);
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fb\ndata:\n  fluent-bit.yaml: |\n    pipeline:\n      outputs:\n        - name: stdout\n          match: *m\n';
    expect(brief('cm.yaml', cm)).toEqual(['10:18 error YAML_SYNTAX']);
  });

  it('but not in a document skipped as a template (never read), nor a valid alias outside a Fluent Bit config, nor a `*` that is text', () => {
    const templated = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: v\n---\n{{ include "x" . }}: *ns\n';
    expect(brief('t.yaml', templated).every((x) => !x.includes('YAML_SYNTAX'))).toBe(true);
    expect(brief('v.yaml', 'a: &x 1\nb: *x\n')).toEqual([]);
    const conf = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fb\ndata:\n  fluent-bit.yaml: |\n    pipeline:\n      inputs:\n        - name: tail\n          path: /var/log/containers/*.log\n      outputs:\n        - name: stdout\n          match: "*"\n';
    expect(brief('cm.yaml', conf)).toEqual([]);
  });
});

describe('the CLI', () => {
  it('exits 2 with file:line:col at the alias, writes nothing of that file and migrates the other files', async () => {
    const input = join(FIXTURES, 'alias-to-previous-document', 'input');
    const files = Object.fromEntries(listFiles(input).map((f) => [`case/${f}`, readFileSync(join(input, f), 'utf8')]));
    const r = await runCli(['case', '--write', '--runtime', 'containerd'], { files, real: true });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^case\/fluent-bit\.yaml:30:14: error YAML_SYNTAX alias \*ns names no anchor in its document/m);
    expect(r.io.read('case/fluent-bit.yaml')).toBe(files['case/fluent-bit.yaml']);
    expect(r.io.read('case/audit.yaml')).toBe(readFileSync(join(FIXTURES, 'alias-to-previous-document', 'expected', 'audit.yaml'), 'utf8'));
  });
});

describe('the CLI, on a Fluent Bit YAML config with a valid alias (Fluent Bit refuses every alias)', () => {
  const files = {
    'case/fluent-bit.yaml': 'pipeline:\n  inputs:\n    - name: tail\n      path: /var/log/containers/*.log\n      parser: docker\n      tag: &t kube.*\n  outputs:\n    - name: stdout\n      match: *t\n',
    'case/other/fluent-bit.yaml': 'pipeline:\n  inputs:\n    - name: tail\n      path: /var/log/containers/*.log\n      parser: docker\n      tag: kube.*\n',
  };

  it('--runtime: exit 2 at the alias, that file untouched, the other config migrated', async () => {
    const r = await runCli(['case', '--write', '--runtime', 'containerd'], { files, real: true });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^case\/fluent-bit\.yaml:9:14: error YAML_SYNTAX alias \*t: Fluent Bit's YAML config reader refuses aliases/m);
    expect(r.io.read('case/fluent-bit.yaml')).toBe(files['case/fluent-bit.yaml']);
    expect(r.io.read('case/other/fluent-bit.yaml')).toContain('multiline.parser: docker, cri');
  });

  it('--to-yaml alone: the same error, exit 2 (it used to say "already a YAML config" and exit 0)', async () => {
    const r = await runCli(['case/fluent-bit.yaml', '--to-yaml'], { files, real: true });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^case\/fluent-bit\.yaml:9:14: error YAML_SYNTAX alias \*t/m);
  });
});
