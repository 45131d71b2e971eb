import { LineIndex } from '../source/line-index.js';
import { buildClassicDoc, type DocItem } from './classic-doc.js';
import { compareViews, referencedNames } from './compare-views.js';
import { yamlNameFor, type ConvertOptions } from './convert-setup.js';
import type { ConvertFinding, RawFinding } from './findings.js';
import { readSetup } from './read-setup.js';
import { isYamlName, setupFilesFrom } from './setup-files.js';
import { atLeast, formatVersion, parseFluentBitVersion } from './version.js';
import { writeYaml } from './yaml-writer.js';

export interface ConvertConfigOptions extends ConvertOptions {
  /** The file's name, for findings and to tell an already-YAML file (default `fluent-bit.conf`). */
  readonly path?: string;
  /** 'main' (default; also for @INCLUDEd files) or 'parsers' for a parsers file. */
  readonly role?: 'main' | 'parsers';
}

export interface ConvertConfigResult {
  /** The YAML text, or null when the file was refused (see the error findings). */
  readonly yaml: string | null;
  readonly findings: readonly ConvertFinding[];
}

const isPlugin = (i: DocItem): boolean =>
  i.kind === 'section' && (i.type === 'input' || i.type === 'filter' || i.type === 'output' || i.type === 'custom');

/**
 * Converts one classic file to YAML text. `@INCLUDE`s become `includes:`
 * entries naming the `.yaml` file each included file becomes (convert those
 * too, with convertSetup for a whole setup: it also checks the order across
 * files, rewrites `parsers_file` and proves the setup equivalent as a whole).
 * The file itself is proven equivalent: both texts are read and compared.
 */
export function convertConfig(classicText: string, options: ConvertConfigOptions = {}): ConvertConfigResult {
  const path = options.path ?? 'fluent-bit.conf';
  const role = options.role ?? 'main';
  const lines = new LineIndex(classicText);
  const raw: RawFinding[] = [];
  const result = (yaml: string | null): ConvertConfigResult => ({
    yaml,
    findings: raw.map((f) => {
      const { line, column } = lines.position(f.offset);
      return { ruleId: f.ruleId, severity: f.severity, message: f.message, path: f.file, line, column };
    }).sort((a, b) => a.line - b.line || a.column - b.column),
  });
  const refuse = (file: string, offset: number, message: string, ruleId: RawFinding['ruleId'] = 'to-yaml-unsupported'): ConvertConfigResult => {
    raw.push({ ruleId, severity: 'error', file, offset, message });
    return result(null);
  };

  if (isYamlName(path)) {
    raw.push({ ruleId: 'to-yaml-already-yaml', severity: 'info', file: path, offset: 0, message: `${path} is already a YAML config: nothing to convert` });
    return result(classicText);
  }
  const version = parseFluentBitVersion(options.fluentBitVersion);
  if (version && !atLeast(version, 2, 0)) {
    return refuse(path, 0, `Fluent Bit ${formatVersion(version)} has no production YAML config reader (YAML is production ready from 2.0): upgrade first, then convert`, 'to-yaml-version');
  }

  const files = setupFilesFrom({ [path]: classicText });
  const classic = readSetup(path, { files, role, followIncludes: false, followParsersFiles: false });
  for (const e of classic.errors) {
    raw.push({ ruleId: 'to-yaml-invalid-input', severity: 'error', file: path, offset: e.offset, message: `Fluent Bit refuses this config, so there is nothing equivalent to write: ${e.message}` });
  }
  if (classic.errors.length > 0) return result(null);

  const doc = buildClassicDoc(path, classicText, role);
  raw.push(...doc.findings);
  if (doc.findings.some((f) => f.severity === 'error')) return result(null);
  const includeIdx = doc.items.flatMap((item, i) => (item.kind === 'include' ? [i] : []));
  const pluginIdx = doc.items.flatMap((item, i) => (isPlugin(item) ? [i] : []));
  const before = includeIdx.length > 0 && pluginIdx.some((p) => p < (includeIdx[includeIdx.length - 1] as number));
  const after = includeIdx.length > 0 && pluginIdx.some((p) => p > (includeIdx[0] as number));
  if (before && after) {
    const first = doc.items[includeIdx[0] as number] as DocItem & { line: { start: number } };
    return refuse(path, first.line.start, 'plugin sections stand both before and after @INCLUDE lines: one YAML includes block cannot keep that order without knowing the included files; convert the whole setup (convertSetup), which checks it and inlines when needed');
  }
  const includesAt = before ? 'bottom' : 'top';
  const written = writeYaml(doc, doc.items, {
    includesAt,
    includePath: (item) => yamlNameFor(item.ref),
    referencedVars: referencedNames(classic.view),
  });
  raw.push(...written.notes);
  if (written.problems.length > 0) {
    raw.push(...written.problems);
    return result(null);
  }

  // Proof: the YAML reads back to what the classic text says.
  const yamlPath = yamlNameFor(path);
  const back = readSetup(yamlPath, { files: setupFilesFrom({ [yamlPath]: written.text }), role, followIncludes: false, followParsersFiles: false });
  const diff = back.errors[0]?.message
    ?? compareViews(classic.view, back.view)
    ?? compareRefs(classic.includeRefs.map((r) => yamlNameFor(r.ref)), back.includeRefs.map((r) => r.ref));
  if (diff) return refuse(path, 0, `the YAML would not be read like the classic config: ${diff}`, 'to-yaml-not-equivalent');

  if (!version) {
    const needs32 = /^(parsers|multiline_parsers|plugins|upstream_servers):/m.test(written.text);
    raw.push({
      ruleId: 'to-yaml-version', severity: 'info', file: path, offset: 0,
      message: `Fluent Bit version unknown: YAML configs need Fluent Bit 2.0 or later${needs32 ? ', and 3.2 or later for the parsers/multiline_parsers/plugins/upstream_servers sections written here (fluent/fluent-bit#9513)' : ''}`,
    });
  } else if (!atLeast(version, 3, 2)) {
    for (const item of doc.items) {
      if (item.kind !== 'section' || !['parser', 'multiline_parser', 'plugins', 'upstream_servers'].includes(item.type)) continue;
      raw.push({
        ruleId: 'to-yaml-version', severity: 'warning', file: path, offset: item.header.start,
        message: `[${item.name}] becomes a YAML ${item.type === 'parser' ? 'parsers' : item.type === 'multiline_parser' ? 'multiline_parsers' : item.type} section, which Fluent Bit reads only from 3.2 (fluent/fluent-bit#9513); the deployed ${formatVersion(version)} needs this file kept classic`,
      });
    }
  }
  raw.push({ ruleId: 'to-yaml', severity: 'change', file: path, offset: 0, message: `converted to YAML as ${yamlPath}` });
  return result(written.text);
}

function compareRefs(a: readonly string[], b: readonly string[]): string | null {
  return a.join('\n') === b.join('\n') ? null : `includes ${JSON.stringify(a)} != ${JSON.stringify(b)}`;
}
