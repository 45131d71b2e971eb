import { LineIndex } from '../source/line-index.js';
import { buildClassicDoc, type DocItem } from './classic-doc.js';
import { compareViews, referencedNames } from './compare-views.js';
import { yamlNameFor, type ConvertOptions } from './convert-setup.js';
import { alreadyYamlFinding, messageOf, rawFinding, type ConvertFinding, type RawFinding } from './findings.js';
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
    findings: raw.map((f): ConvertFinding => {
      const { line, column } = lines.position(f.offset);
      return { ruleId: f.ruleId, messageId: f.messageId, data: f.data, severity: f.severity, message: messageOf(f), path: f.file, line, column, offset: f.offset };
    }).sort((a, b) => a.line - b.line || a.column - b.column),
  });
  const refuse = (f: RawFinding): ConvertConfigResult => {
    raw.push(f);
    return result(null);
  };

  if (isYamlName(path)) {
    raw.push(alreadyYamlFinding(path, classicText));
    return result(classicText);
  }
  const version = parseFluentBitVersion(options.fluentBitVersion);
  if (version && !atLeast(version, 2, 0)) {
    return refuse(rawFinding('to-yaml-version', 'belowTwo', 'error', path, 0, { version: formatVersion(version) }));
  }

  const files = setupFilesFrom({ [path]: classicText });
  const classic = readSetup(path, { files, role, followIncludes: false, followParsersFiles: false });
  for (const e of classic.errors) {
    raw.push(rawFinding('to-yaml-invalid-input', 'refused', 'error', path, e.offset, { reason: e.message }));
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
    return refuse(rawFinding('to-yaml-unsupported', 'includesAround', 'error', path, first.line.start));
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
  if (diff) return refuse(rawFinding('to-yaml-not-equivalent', 'notEquivalent', 'error', path, 0, { difference: diff }));

  if (!version) {
    const needs32 = /^(parsers|multiline_parsers|plugins|upstream_servers):/m.test(written.text);
    raw.push(rawFinding('to-yaml-version', needs32 ? 'unknownNeeds32' : 'unknown', 'info', path, 0));
  } else if (!atLeast(version, 3, 2)) {
    for (const item of doc.items) {
      if (item.kind !== 'section' || !['parser', 'multiline_parser', 'plugins', 'upstream_servers'].includes(item.type)) continue;
      raw.push(rawFinding('to-yaml-version', 'sectionNeeds32', 'warning', path, item.header.start, {
        name: item.name, yamlSection: item.type === 'parser' ? 'parsers' : item.type === 'multiline_parser' ? 'multiline_parsers' : item.type, version: formatVersion(version),
      }));
    }
  }
  raw.push(rawFinding('to-yaml', 'converted', 'change', path, 0, { to: yamlPath }));
  return result(written.text);
}

function compareRefs(a: readonly string[], b: readonly string[]): string | null {
  return a.join('\n') === b.join('\n') ? null : `includes ${JSON.stringify(a)} != ${JSON.stringify(b)}`;
}
