import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Runtime } from '../migrate/types.js';
import { RULES } from '../rules/registry.js';
import { expandSnippet } from './github.js';
import type { Entry, FileRecord } from './report.js';

/**
 * `--format sarif`: one SARIF 2.1.0 log (https://docs.oasis-open.org/sarif/sarif/v2.1.0/)
 * for GitHub code scanning (`github/codeql-action/upload-sarif`) and other
 * SARIF viewers. One run, one result per finding, diagnostic or I/O error.
 *
 * Levels: `error` -> error; `warning` and `change` (a Docker-era setting that
 * breaks on the new runtime until migrated) -> warning; `info` -> note. The
 * flb-migrate severity is kept in `properties.severity`.
 */

export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
const HOMEPAGE = 'https://github.com/flb-migrate/flb-migrate';

type SarifLevel = 'error' | 'warning' | 'note';

interface SarifRule {
  readonly id: string;
  readonly shortDescription?: { readonly text: string };
  readonly helpUri?: string;
  readonly properties: { readonly kind: string };
}

export interface SarifInfo {
  readonly version: string;
  /** Undefined with --to-yaml alone. */
  readonly runtime: Runtime | undefined;
  readonly toYaml?: boolean;
  readonly cwd: string;
  /** False when flb-migrate itself failed (an internal error). */
  readonly executionSuccessful: boolean;
  readonly exitCode: number;
  /** Files the prefilter skipped (no Fluent Bit or Docker marker): `runs[0].properties.skipped`. */
  readonly skipped?: number;
}

export function sarifLog(records: readonly FileRecord[], info: SarifInfo): unknown {
  const rules: SarifRule[] = [];
  const ruleIndex = new Map<string, number>();
  const indexOf = (id: string): number => {
    let i = ruleIndex.get(id);
    if (i === undefined) {
      i = rules.length;
      ruleIndex.set(id, i);
      rules.push(ruleFor(id));
    }
    return i;
  };

  const results = records.flatMap((r) =>
    r.entries.map((e) => ({
      ruleId: e.id,
      ruleIndex: indexOf(e.id),
      level: levelOf(e),
      message: { text: expandSnippet(e.message) },
      locations: [{ physicalLocation: physicalLocation(e, info.cwd) }],
      properties: { severity: e.severity },
    })),
  );

  // --to-yaml: renamed and removed files, as SARIF artifact roles (the new file is `added`).
  const artifacts = records.flatMap((r) => {
    if (r.renamedTo !== undefined) {
      return [
        { location: { uri: sarifUri(r.path, info.cwd) }, roles: ['renamed'], properties: { renamedTo: sarifUri(r.renamedTo, info.cwd), written: r.written } },
        { location: { uri: sarifUri(r.renamedTo, info.cwd) }, roles: ['added'], properties: { renamedFrom: sarifUri(r.path, info.cwd), written: r.written } },
      ];
    }
    return r.removed === true ? [{ location: { uri: sarifUri(r.path, info.cwd) }, roles: ['deleted'], properties: { written: r.written } }] : [];
  });

  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        ...(artifacts.length > 0 ? { artifacts } : {}),
        tool: {
          driver: {
            name: 'flb-migrate',
            version: info.version,
            semanticVersion: info.version,
            informationUri: HOMEPAGE,
            rules,
          },
        },
        invocations: [{ executionSuccessful: info.executionSuccessful, exitCode: info.exitCode }],
        results,
        properties: { runtime: info.runtime ?? null, ...(info.toYaml === true ? { toYaml: true } : {}), skipped: info.skipped ?? 0 },
      },
    ],
  };
}

function levelOf(e: Entry): SarifLevel {
  if (e.severity === 'error') return 'error';
  if (e.severity === 'info') return 'note';
  return 'warning';
}

function ruleFor(id: string): SarifRule {
  const rule = (RULES as Readonly<Record<string, { kind: string; summary: string }>>)[id];
  if (rule !== undefined) {
    return { id, shortDescription: { text: rule.summary.replaceAll('`', '') }, helpUri: `${HOMEPAGE}#rules`, properties: { kind: rule.kind } };
  }
  // A diagnostic code (YAML_SYNTAX, ...) or an I/O code (ENOENT, ...).
  return { id, properties: { kind: /^E[A-Z]+$/.test(id) ? 'io' : 'diagnostic' } };
}

function physicalLocation(e: Entry, cwd: string): unknown {
  const artifactLocation = { uri: sarifUri(e.path, cwd) };
  if (e.line === undefined) return { artifactLocation };
  const startColumn = e.column ?? 1;
  return {
    artifactLocation,
    region: {
      startLine: e.line,
      startColumn,
      endLine: e.endLine ?? e.line,
      endColumn: Math.max(e.endColumn ?? startColumn, e.endLine !== undefined && e.endLine > e.line ? 1 : startColumn),
    },
  };
}

/**
 * A path as a SARIF artifact URI: relative paths under the current directory
 * stay relative (code scanning resolves them against the repository root),
 * percent-encoded, with `/`; anything else becomes a `file://` URL.
 */
export function sarifUri(file: string, cwd: string): string {
  const absolute = path.resolve(cwd, file);
  const relative = path.relative(cwd, absolute);
  if (!path.isAbsolute(file) && relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative)) {
    return relative.split(path.sep).map((s) => encodeURIComponent(s)).join('/');
  }
  return pathToFileURL(absolute).href;
}
