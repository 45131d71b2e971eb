import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { escapeData, escapeProperty } from '../../src/cli/github.js';
import type { JsonReport } from '../../src/cli/json-report.js';
import { corpusInputs } from './helpers/corpus-inputs.js';
import { configMap, UNCHANGED } from './helpers/fake-migrate.js';
import { runCli } from './helpers/run-cli.js';
import { validateReport } from './helpers/schemas.js';

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** The summary recomputed from the per-file records: it must equal the printed one. */
function summaryOf(doc: JsonReport) {
  const all = (pick: (f: JsonReport['files'][number]) => number) => doc.files.reduce((n, f) => n + pick(f), 0);
  return {
    files: doc.files.length,
    changed: all((f) => Number(f.changed)),
    written: all((f) => Number(f.written)),
    changes: all((f) => (f.changed ? f.findings.filter((x) => x.severity === 'change').length : 0)),
    warnings: all((f) => f.findings.filter((x) => x.severity === 'warning').length),
    errors: all((f) => f.errors.length),
    // Skipped files have no record: the count cannot be recomputed, only carried.
    skipped: doc.summary.skipped,
  };
}

const RT = ['--runtime', 'containerd'];
const FILES = {
  'k8s/cm.yaml': configMap('fb', 'Docker_Mode On'),
  'k8s/svc.yaml': UNCHANGED,
  'k8s/chart.yaml': 'x: {{ .Values.x }}\n',
};

describe('--format json', () => {
  it('prints one document (schemaVersion 1) with tool, runtime, mode, files and a summary that agrees with them', async () => {
    const r = await runCli(['k8s', 'gone.yaml', ...RT, '--format', 'json'], { files: FILES });
    expect(r.code).toBe(2);
    const doc = JSON.parse(r.stdout) as JsonReport;
    expect(Object.keys(doc)).toEqual(['schemaVersion', 'tool', 'runtime', 'mode', 'files', 'summary']);
    expect(doc).toMatchObject({ schemaVersion: 1, tool: { name: 'flb-migrate', version: VERSION }, runtime: 'containerd', mode: 'diff' });
    expect(doc.summary).toEqual({ files: 4, changed: 1, written: 0, changes: 1, warnings: 1, errors: 2, skipped: 0 });
    expect(doc.summary).toEqual(summaryOf(doc));
    expect(doc.files.map((f) => f.path)).toEqual(['gone.yaml', 'k8s/chart.yaml', 'k8s/cm.yaml', 'k8s/svc.yaml']);
    for (const f of doc.files) expect(Object.keys(f)).toEqual(['path', 'changed', 'written', 'diff', 'findings', 'errors']);

    const [gone, chart, cm, svc] = doc.files;
    expect(gone).toEqual({
      path: 'gone.yaml', changed: false, written: false, diff: '', findings: [],
      errors: [{ code: 'ENOENT', message: 'no such file or directory', line: null, column: null, endLine: null, endColumn: null }],
    });
    expect(chart?.errors).toEqual([{ code: 'TEMPLATE_SYNTAX', message: 'Helm template syntax is not YAML', line: 1, column: 4, endLine: 1, endColumn: 4 }]);
    expect(cm).toMatchObject({ changed: true, written: false, errors: [] });
    expect(cm?.diff).toContain('+        multiline.parser docker, cri');
    expect(cm?.findings).toEqual([
      { ruleId: 'docker-to-cri', severity: 'change', message: 'Parser docker -> multiline.parser', line: 10, column: 9, endLine: 10, endColumn: 9 },
      { ruleId: 'DOCKER_MODE', severity: 'warning', message: 'Docker_Mode has no CRI equivalent; review', line: 11, column: 9, endLine: 11, endColumn: 9 },
    ]);
    expect(svc).toEqual({ path: 'k8s/svc.yaml', changed: false, written: false, diff: '', findings: [], errors: [] });
    // stderr carries only the summary; per-file text would duplicate the document
    expect(r.stderr).toBe('1 file would change, 1 change, 1 warning, 2 errors\n');
    expect(validateReport(doc), JSON.stringify(validateReport.errors)).toBe(true);
  });

  it('uses end positions when the library gives them', async () => {
    const r = await runCli(['cm.yaml', ...RT, '--format', 'json'], { files: { 'cm.yaml': configMap('fb') }, real: false, endPositions: true });
    const doc = JSON.parse(r.stdout) as JsonReport;
    expect(doc.files[0]?.findings[0]).toMatchObject({ line: 10, column: 9, endLine: 10, endColumn: 22 });
    expect(validateReport(doc), JSON.stringify(validateReport.errors)).toBe(true);
  });

  it('--write: per-file written flags and the summary agree, also when a write fails', async () => {
    const r = await runCli(['a/cm.yaml', 'b/cm.yaml', 'c/svc.yaml', ...RT, '--format', 'json', '--write'], {
      files: { 'a/cm.yaml': configMap('a'), 'b/cm.yaml': configMap('b'), 'c/svc.yaml': UNCHANGED },
      failures: [{ op: 'rename', path: /^b\/\./, code: 'EXDEV' }],
    });
    expect(r.code).toBe(2);
    const doc = JSON.parse(r.stdout) as JsonReport;
    expect(doc.mode).toBe('write');
    expect(doc.files.map((f) => [f.path, f.changed, f.written, f.errors.map((e) => e.code)])).toEqual([
      ['a/cm.yaml', true, true, []],
      ['b/cm.yaml', true, false, ['EXDEV']],
      ['c/svc.yaml', false, false, []],
    ]);
    expect(doc.summary).toEqual({ files: 3, changed: 2, written: 1, changes: 2, warnings: 0, errors: 1, skipped: 0 });
    expect(doc.summary).toEqual(summaryOf(doc));
    expect(r.stderr).toBe('1 file written, 2 changes, 0 warnings, 1 error\n');
    expect(validateReport(doc), JSON.stringify(validateReport.errors)).toBe(true);
  });

  it('is uncolored even with --color and combines with --check', async () => {
    const r = await runCli(['k8s/cm.yaml', ...RT, '--format', 'json', '--check', '--color'], { files: FILES });
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain('\u001b[');
    const doc = JSON.parse(r.stdout) as JsonReport;
    expect(doc.summary.changed).toBe(1);
    expect(doc.mode).toBe('check');
  });

  it('real migrate() over the corpus: every report validates against report.schema.json and its summary agrees', async () => {
    const files = Object.fromEntries(corpusInputs().map((f) => [f.path, f.text]));
    for (const mode of [[], ['--check'], ['--write']]) {
      const r = await runCli(['.', ...RT, '--format', 'json', ...mode], { files, real: true });
      const doc = JSON.parse(r.stdout) as JsonReport;
      expect(validateReport(doc), JSON.stringify(validateReport.errors?.slice(0, 3))).toBe(true);
      expect(doc.summary).toEqual(summaryOf(doc));
      // Every input is a record or counted as skipped (the corpus's directories without a marker).
      expect(doc.files.length + doc.summary.skipped).toBe(Object.keys(files).length);
    }
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
    expect(r.stderr).toBe('1 file would change, 1 change, 1 warning, 2 errors\n');
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
