import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import type { LocatedDiagnostic } from '../../../src/report/located-diagnostic.js';
import type { FileResult, Finding, MigrateOptions, MigrateResult } from '../../../src/migrate/types.js';
import type { SourceFile } from '../../../src/source/source-file.js';
import type { MigrateFn } from '../../../src/cli/run.js';

/**
 * A stand-in for the real pipeline (src/migrate.ts) with small, predictable
 * rules, so CLI tests assert exact diffs, findings and exit codes that do not
 * move with every rule's wording (tests marked `real: true` run the real one):
 * - `Parser docker` -> `multiline.parser docker, cri` (`cri` with criOnly): one `change` finding;
 * - a line containing `Docker_Mode`: a `warning` finding `DOCKER_MODE`;
 * - a line containing `{{`: an error diagnostic `TEMPLATE_SYNTAX`, no edits;
 * - text `THROW`: migrate() throws (an invariant break).
 */
export interface FakeMigrate {
  readonly migrate: MigrateFn;
  readonly load: () => Promise<MigrateFn>;
  /** Paths of each migrate() call, in order. */
  readonly calls: string[][];
  readonly options: MigrateOptions[];
}

export function createFakeMigrate(fakeOptions: { endPositions?: boolean } = {}): FakeMigrate {
  const calls: string[][] = [];
  const options: MigrateOptions[] = [];
  const migrate = (files: readonly SourceFile[], opts: MigrateOptions): MigrateResult => {
    calls.push(files.map((f) => f.path));
    options.push(opts);
    if (files.some((f) => f.text.includes('THROW'))) throw new Error('Overlapping edit from tail-path and docker-to-cri');
    return { files: files.map((f) => fakeMigrateFile(f, opts, fakeOptions.endPositions === true)) };
  };
  return { migrate, load: async () => migrate, calls, options };
}

function fakeMigrateFile(file: SourceFile, options: MigrateOptions, endPositions: boolean): FileResult {
  const findings: Finding[] = [];
  const diagnostics: LocatedDiagnostic[] = [];
  const lines = file.text.split('\n');
  let offset = 0;
  const out = lines.map((line, i) => {
    const start = offset;
    offset += line.length + 1;
    const at = (col: number) => ({ path: file.path, line: i + 1, column: col + 1, endLine: i + 1, endColumn: col + 1 });
    // The fake's own rule ids are not registered ones: cast here, once.
    const finding = (ruleId: string, severity: Finding['severity'], message: string, col: number): Finding =>
      ({ ruleId: ruleId as Finding['ruleId'], messageId: ruleId, data: {}, severity, message, ...at(col) });
    const template = line.indexOf('{{');
    if (template !== -1) {
      diagnostics.push({ code: 'TEMPLATE_SYNTAX', severity: 'error', message: 'Helm template syntax is not YAML', start: start + template, end: start + template + 2, ...at(template) });
    }
    const mode = line.indexOf('Docker_Mode');
    if (mode !== -1) findings.push(finding('DOCKER_MODE', 'warning', 'Docker_Mode has no CRI equivalent; review', mode));
    const m = /^(\s*)Parser(\s+)docker\s*$/.exec(line);
    if (m === null) return line;
    const end = endPositions ? { endLine: i + 1, endColumn: line.trimEnd().length + 1 } : {};
    findings.push({ ...finding('docker-to-cri', 'change', 'Parser docker -> multiline.parser', m[1]?.length ?? 0), ...end });
    return `${m[1] ?? ''}multiline.parser${m[2] ?? ' '}${options.criOnly === true ? 'cri' : 'docker, cri'}`;
  });
  const hasErrors = diagnostics.length > 0;
  const output = hasErrors ? file.text : out.join('\n');
  const changed = output !== file.text;
  return {
    path: file.path,
    before: file.text,
    output,
    changed,
    edits: changed ? [{ start: 0, end: file.text.length, text: output, origin: 'fake' }] : [],
    findings: hasErrors ? [] : findings,
    diagnostics,
    hasErrors,
    diff: changed
      ? createTwoFilesPatch(`a/${file.path}`, `b/${file.path}`, file.text, output, undefined, undefined, { context: 3, headerOptions: FILE_HEADERS_ONLY })
      : '',
  };
}

/** A ConfigMap with one `Parser docker` tail input (one change) and optional extra config lines. */
export function configMap(name: string, extra = ''): string {
  return [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    `  name: ${name}`,
    'data:',
    '  fluent-bit.conf: |',
    '    [INPUT]',
    '        Name    tail',
    '        Path    /var/log/containers/*.log',
    '        Parser docker',
    ...(extra === '' ? [] : [`        ${extra}`]),
    '',
  ].join('\n');
}

export const UNCHANGED = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n';
