import { describe, expect, it } from 'vitest';
import { escapeData, escapeProperty } from '../../src/cli/github.js';
import type { JsonReport } from '../../src/cli/json-report.js';
import { configMap, UNCHANGED } from './helpers/fake-migrate.js';
import { runCli } from './helpers/run-cli.js';

const RT = ['--runtime', 'containerd'];
const FILES = {
  'k8s/cm.yaml': configMap('fb', 'Docker_Mode On'),
  'k8s/svc.yaml': UNCHANGED,
  'k8s/chart.yaml': 'x: {{ .Values.x }}\n',
};

describe('--format json', () => {
  it('prints one document with files and summary', async () => {
    const r = await runCli(['k8s', 'gone.yaml', ...RT, '--format', 'json'], { files: FILES });
    expect(r.code).toBe(2);
    const doc = JSON.parse(r.stdout) as JsonReport;
    expect(Object.keys(doc)).toEqual(['files', 'summary']);
    expect(doc.summary).toEqual({ files: 4, changed: 1, changes: 1, warnings: 1, errors: 2 });
    expect(doc.files.map((f) => f.path)).toEqual(['gone.yaml', 'k8s/chart.yaml', 'k8s/cm.yaml', 'k8s/svc.yaml']);
    for (const f of doc.files) expect(Object.keys(f)).toEqual(['path', 'changed', 'diff', 'findings', 'errors']);

    const [gone, chart, cm, svc] = doc.files;
    expect(gone).toEqual({
      path: 'gone.yaml', changed: false, diff: '', findings: [],
      errors: [{ code: 'ENOENT', message: 'no such file or directory', line: null, column: null }],
    });
    expect(chart?.errors).toEqual([{ code: 'TEMPLATE_SYNTAX', message: 'Helm template syntax is not YAML', line: 1, column: 4 }]);
    expect(cm).toMatchObject({ changed: true, errors: [] });
    expect(cm?.diff).toContain('+        multiline.parser docker, cri');
    expect(cm?.findings).toEqual([
      { ruleId: 'docker-to-cri', severity: 'change', message: 'Parser docker -> multiline.parser', line: 10, column: 9 },
      { ruleId: 'DOCKER_MODE', severity: 'warning', message: 'Docker_Mode has no CRI equivalent; review', line: 11, column: 9 },
    ]);
    expect(svc).toEqual({ path: 'k8s/svc.yaml', changed: false, diff: '', findings: [], errors: [] });
    // stderr carries only the summary; per-file text would duplicate the document
    expect(r.stderr).toBe('1 file changed, 1 change, 1 warning, 2 errors\n');
  });

  it('is uncolored even with --color and combines with --check', async () => {
    const r = await runCli(['k8s/cm.yaml', ...RT, '--format', 'json', '--check', '--color'], { files: FILES });
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain('\u001b[');
    expect((JSON.parse(r.stdout) as JsonReport).summary.changed).toBe(1);
  });
});

describe('--format github', () => {
  it('prints workflow commands for findings and errors on stdout', async () => {
    const r = await runCli(['k8s', 'gone.yaml', ...RT, '--format', 'github'], { files: FILES });
    expect(r.code).toBe(2);
    expect(r.stdout.split('\n')).toEqual([
      '::error file=gone.yaml,title=ENOENT::no such file or directory',
      '::error file=k8s/chart.yaml,line=1,col=4,title=TEMPLATE_SYNTAX::Helm template syntax is not YAML',
      '::notice file=k8s/cm.yaml,line=10,col=9,title=docker-to-cri::Parser docker -> multiline.parser',
      '::warning file=k8s/cm.yaml,line=11,col=9,title=DOCKER_MODE::Docker_Mode has no CRI equivalent; review',
      '',
    ]);
    expect(r.stderr).toBe('1 file changed, 1 change, 1 warning, 2 errors\n');
  });

  it('lists would-change files under --check, and --quiet keeps only errors', async () => {
    const r = await runCli(['k8s', ...RT, '--format', 'github', '--check', '--quiet'], { files: FILES });
    expect(r.stdout).toBe(
      '::error file=k8s/chart.yaml,line=1,col=4,title=TEMPLATE_SYNTAX::Helm template syntax is not YAML\nwould change: k8s/cm.yaml\n',
    );
  });

  it('escapes data and properties per the workflow command spec', () => {
    expect(escapeData('100% done\r\nnext')).toBe('100%25 done%0D%0Anext');
    expect(escapeProperty('a:b,c%\n')).toBe('a%3Ab%2Cc%25%0A');
  });

  it('escapes file names in annotations', async () => {
    const r = await runCli(['we,ird:name.yaml', ...RT, '--format', 'github'], { files: { 'we,ird:name.yaml': '{{' } });
    expect(r.stdout).toContain('::error file=we%2Cird%3Aname.yaml,line=1,col=1,');
  });
});
