import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { sarifUri } from '../../src/cli/sarif.js';
import { corpusInputs } from './helpers/corpus-inputs.js';
import { configMap, UNCHANGED } from './helpers/fake-migrate.js';
import { runCli } from './helpers/run-cli.js';
import { validateSarif } from './helpers/schemas.js';

const RT = ['--runtime', 'containerd'];
const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

interface SarifLog {
  version: string;
  runs: Array<{
    tool: { driver: { name: string; version: string; rules: Array<{ id: string; shortDescription?: { text: string } }> } };
    invocations: Array<{ executionSuccessful: boolean; exitCode: number }>;
    results: Array<{
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region?: Record<string, number> } }>;
      properties: { severity: string };
    }>;
  }>;
}

describe('--format sarif', () => {
  it('prints one SARIF 2.1.0 log that validates against the official schema', async () => {
    const r = await runCli(['k8s', 'gone.yaml', '-', ...RT, '--format', 'sarif'], {
      files: { 'k8s/cm.yaml': configMap('fb', 'Docker_Mode On'), 'k8s/svc.yaml': UNCHANGED, 'k8s/my chart.yaml': 'x: {{ .Values.x }}\n' },
      stdin: configMap('piped'),
    });
    expect(r.code).toBe(2);
    const log = JSON.parse(r.stdout) as SarifLog;
    expect(validateSarif(log), JSON.stringify(validateSarif.errors?.slice(0, 3))).toBe(true);
    expect(log.version).toBe('2.1.0');
    const [run] = log.runs;
    expect(run?.tool.driver).toMatchObject({ name: 'flb-migrate', version: VERSION });
    expect(run?.invocations).toEqual([{ executionSuccessful: true, exitCode: 2 }]);
    const results = run?.results ?? [];
    expect(results.map((x) => [x.ruleId, x.level, x.locations[0]?.physicalLocation.artifactLocation.uri, x.locations[0]?.physicalLocation.region?.['startLine']])).toEqual([
      ['ENOENT', 'error', 'gone.yaml', undefined],
      ['docker-to-cri', 'warning', 'k8s/cm.yaml', 10],
      ['DOCKER_MODE', 'warning', 'k8s/cm.yaml', 11],
      ['TEMPLATE_SYNTAX', 'error', 'k8s/my%20chart.yaml', 1],
      ['docker-to-cri', 'warning', '%3Cstdin%3E', 10],
    ]);
    for (const x of results) expect(run?.tool.driver.rules[x.ruleIndex]?.id).toBe(x.ruleId);
    expect(results[1]?.properties.severity).toBe('change');
    expect(r.stderr).toBe('2 files would change, 2 changes, 1 warning, 2 errors\n');
  });

  it('real migrate() over the corpus: valid SARIF, one result per finding, rules described from the registry', async () => {
    const files = Object.fromEntries(corpusInputs().map((f) => [f.path, f.text]));
    const r = await runCli(['.', ...RT, '--format', 'sarif'], { files, real: true });
    const log = JSON.parse(r.stdout) as SarifLog;
    expect(validateSarif(log), JSON.stringify(validateSarif.errors?.slice(0, 3))).toBe(true);
    const results = log.runs[0]?.results ?? [];
    expect(results.length).toBeGreaterThan(100);
    const json = JSON.parse((await runCli(['.', ...RT, '--format', 'json'], { files, real: true })).stdout) as {
      files: Array<{ findings: unknown[]; errors: unknown[] }>;
    };
    expect(results.length).toBe(json.files.reduce((n, f) => n + f.findings.length + f.errors.length, 0));
    const tailParser = log.runs[0]?.tool.driver.rules.find((rule) => rule.id === 'tail-parser');
    expect(tailParser?.shortDescription?.text).toContain('multiline.parser docker, cri');
    // the Helm override snippet is real lines in SARIF, not ⏎-joined
    const helm = results.find((x) => x.ruleId === 'helm-volumes' && x.message.text.includes('daemonSetVolumes:'));
    expect(helm?.message.text).toContain('add this override: daemonSetVolumes:\n  - name: varlog\n');
    expect(helm?.message.text).not.toContain('\u23ce');
  });

  it('maps paths to URIs: relative and percent-encoded under the current directory, file:// elsewhere', () => {
    expect(sarifUri('k8s/a b#1.yaml', '/work')).toBe('k8s/a%20b%231.yaml');
    expect(sarifUri('./x.yaml', '/work')).toBe('x.yaml');
    expect(sarifUri('../other/x.yaml', '/work/repo')).toBe('file:///work/other/x.yaml');
    expect(sarifUri('/etc/fluent-bit/fluent-bit.conf', '/work')).toBe('file:///etc/fluent-bit/fluent-bit.conf');
  });
});
