import { isMap, type Document } from 'yaml';
import { walkNodes } from '../yaml/walk-nodes.js';
import type { Diagnostic } from '../source/diagnostic.js';
import { LineIndex } from '../source/line-index.js';
import { isYamlPath } from '../source/sniff-format.js';
import { findDockerSignals, findFluentBitConfig, type DockerSignal } from './docker-signals.js';

/*
 * Templates (Helm/Go `{{ }}`, Jinja `{% %}`, ERB/EPP `<% %>`) are not what Fluent Bit or
 * Kubernetes read: their rendered output is. flb-migrate never edits them.
 * Every shape of template gets the same ONE diagnostic for the file,
 * TEMPLATE_SYNTAX, whose severity says whether the user must look:
 * - warning: the template holds a Fluent Bit config or a Docker-era
 *   setting (render it first and run flb-migrate on the output);
 * - info: it holds neither (skipped, nothing to do).
 * The shapes: a file under a `templates/` directory or named `.tpl`,
 * `.gotmpl`, `.tmpl`, `.j2`, `.jinja`, `.erb`, `.epp` with a marker; any non-YAML file (`.conf`) with
 * a marker; a YAML file that does not parse and has a marker; YAML
 * documents that parse only because `{{x}}` reads as a flow mapping.
 */

const MARKER = /\{\{|\{%|<%/g;
/** A whole Go/Helm action (`{{ .Values.x }}`, `{{- include "a" . }}`, `{{cluster}}`) or Jinja statement on one line. */
const GO_ACTION = /^\{\{-?[ \t]*[.$/("A-Za-z_][^{}\n]*\}\}/;
const JINJA_STATEMENT = /^\{%-?[ \t]*[A-Za-z_][^%\n]*%\}/;
/** A whole ERB/EPP tag on one line (`<%= @path %>`, `<% if @x -%>`, `<%- $p.each |$k, $v| { -%>`) (Chef, Puppet). */
const ERB_TAG = /^<%[-=#]?[ \t][^\n]*?%>/;
/** How far past a marker its closing is looked for (keeps a long line of markers linear). */
const ACTION_SPAN = 1024;

/**
 * First `{{`/`{%` in `text` not on a `#` comment line, or -1. `strict`: only
 * a marker that opens a whole template action closed on the same line (in a
 * file that is not named as a template, `{{` may be YAML flow syntax).
 */
function firstMarker(text: string, strict: boolean): number {
  // Each line is looked at once (its start, whether it is a comment), however
  // many markers it holds: scanning back to the line start for every marker
  // was quadratic on a long `{{{{...` line.
  let lineEnd = -1;
  let isComment = false;
  MARKER.lastIndex = 0;
  for (let m = MARKER.exec(text); m !== null; m = MARKER.exec(text)) {
    if (m.index >= lineEnd) {
      const lineStart = text.lastIndexOf('\n', m.index - 1) + 1;
      const end = text.indexOf('\n', m.index);
      lineEnd = end < 0 ? text.length : end;
      isComment = /^\s*#/.test(text.slice(lineStart, m.index + 2));
    }
    if (isComment) {
      MARKER.lastIndex = lineEnd;
      continue;
    }
    if (!strict) return m.index;
    const action = text.slice(m.index, m.index + ACTION_SPAN);
    if (GO_ACTION.test(action) || JINJA_STATEMENT.test(action) || ERB_TAG.test(action)) return m.index;
    MARKER.lastIndex = m.index + 1;
  }
  return -1;
}

/**
 * A chart's (or an Ansible role's, a Chef cookbook's, a Puppet module's)
 * `templates/` directory, or a template file name (`_helpers.tpl`,
 * `values.yaml.gotmpl`, `nginx.conf.j2`, Salt's `fluent-bit.conf.jinja`,
 * Chef's `fluent-bit.conf.erb`, Puppet's `pipeline.conf.epp`).
 */
export function isTemplatePath(path: string): boolean {
  return /(?:^|[\\/])templates[\\/]/.test(path) || /\.(?:tpl|gotmpl|tmpl|j2|jinja2?|erb|epp)$/i.test(path);
}

/**
 * Signs of Jinja in a template whose first marker is a `{{`: an Ansible role's `templates/` directory, a Jinja
 * statement or comment (`{%`, `{#`), or a filter called with parentheses (`{{ x | default('a') }}`; Go templates
 * pass arguments with spaces). A Go template has none of them.
 */
function isJinjaText(path: string, text: string): boolean {
  return /(?:^|[\\/])roles[\\/][^\\/]+[\\/]templates[\\/]/.test(path) || /\{[%#]/.test(text) || /\{\{[^{}|\n]{0,200}\|[ \t]*[A-Za-z_]\w{0,40}\(/.test(text);
}

/** The template language of a file, by its first marker and its name: what the message calls it and how to render it. */
function templateEngine(path: string, text: string, marker: number): { name: string; render: string } {
  const renderOutput = 'render it first and run flb-migrate on the output';
  if (text.startsWith('<%', marker) || /\.(?:erb|epp)$/i.test(path)) {
    return { name: /\.epp$/i.test(path) ? 'Puppet EPP template' : 'ERB template (Chef, Puppet)', render: renderOutput };
  }
  if (text.startsWith('{%', marker) || /\.(?:j2|jinja2?)$/i.test(path) || isJinjaText(path, text)) return { name: 'Jinja template', render: renderOutput };
  return { name: 'Helm/Go template', render: 'render it first: `helm template … | flb-migrate -`' };
}

/** The range of the file a template diagnostic speaks for: the whole file, or skipped documents. */
interface Scope {
  readonly ranges: readonly (readonly [number, number])[];
  /** 0-based indexes of skipped documents; undefined for the whole file. */
  readonly documents?: readonly number[];
}

const SIGNAL_LABELS = 3;

function describeSignals(signals: readonly DockerSignal[], lines: LineIndex): string {
  const seen = new Set<string>();
  const labels: string[] = [];
  for (const s of signals) {
    const key = s.text.replace(/[ \t]+/g, ' ').toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    labels.push(`${s.text.replace(/[ \t]+/g, ' ')} at line ${lines.position(s.start).line}`);
  }
  const shown = labels.slice(0, SIGNAL_LABELS).join(', ');
  return labels.length > SIGNAL_LABELS ? `${shown}, ${labels.length - SIGNAL_LABELS} more` : shown;
}

/**
 * The one TEMPLATE_SYNTAX diagnostic for a template (see the module
 * comment), at the first Docker-era setting, else the first sign of a
 * Fluent Bit config, else the first marker.
 */
function templateDiagnostic(path: string, text: string, scope: Scope, marker: number): Diagnostic {
  const lines = new LineIndex(text);
  const signals = scope.ranges.flatMap(([from, to]) => findDockerSignals(text, from, to));
  const configs = scope.ranges.map(([from, to]) => findFluentBitConfig(text, from, to)).filter((i) => i >= 0);
  const config = configs.length > 0 ? Math.min(...configs) : -1;
  const { name: engine, render } = templateEngine(path, text, marker);
  const where =
    scope.documents === undefined
      ? `${engine}`
      : `${engine} syntax read as YAML flow mappings in document${scope.documents.length > 1 ? 's' : ''} ${scope.documents.map((d) => d + 1).join(', ')} (skipped)`;
  const holds: string[] = [];
  if (config >= 0) holds.push('a Fluent Bit config');
  if (signals.length > 0) holds.push(`Docker-era settings (${describeSignals(signals, lines)})`);
  if (holds.length === 0) {
    return {
      code: 'TEMPLATE_SYNTAX',
      severity: 'info',
      message: `${where} without Fluent Bit config or Docker-era settings: not read (flb-migrate reads rendered files)`,
      start: marker,
      end: marker + 2,
    };
  }
  const first = signals[0];
  const at = first !== undefined ? first : { start: config, end: config };
  return {
    code: 'TEMPLATE_SYNTAX',
    severity: 'warning',
    message: `${where} holding ${holds.join(' and ')}: flb-migrate edits rendered files only, nothing here was changed; ${render}`,
    start: at.start,
    end: at.end,
  };
}

/**
 * The whole-file template check, before any parsing: a file under
 * `templates/` or with a template extension, or any file that is not read as
 * YAML (a `.conf`), holding a `{{`/`{%` outside `#` comments. Returns its one
 * diagnostic, or undefined when the file is not such a template (a YAML
 * file is then checked again after parsing, see checkYamlTemplate).
 */
export function checkTemplateFile(path: string, text: string): Diagnostic | undefined {
  const isNamedTemplate = isTemplatePath(path);
  if (!isNamedTemplate && isYamlPath(path)) return undefined;
  const marker = firstMarker(text, !isNamedTemplate);
  if (marker < 0) return undefined;
  return templateDiagnostic(path, text, { ranges: [[0, text.length]] }, marker);
}

/** Result of the template check of a parsed YAML file. */
export interface TemplateCheck {
  /** The file does not parse and holds a marker: a template, nothing in it is read. */
  readonly isWholeFile: boolean;
  /** Documents that parse only because `{{ ... }}` was read as a flow mapping: skipped. */
  readonly skipped: ReadonlySet<number>;
  /** The file's one TEMPLATE_SYNTAX diagnostic (warning or info), when it is or holds a template. */
  readonly diagnostic: Diagnostic | undefined;
}

/**
 * Detects templated YAML after parsing. A file that fails to parse and
 * holds a marker is a template as a whole. A document that parses only
 * because `{{ ... }}` was read as a YAML flow mapping (placeholders such as
 * `{{cluster_name}}`) is skipped; the other documents are still discovered,
 * and the file gets one diagnostic for all its skipped documents. `{{ }}`
 * inside string scalars (block, quoted or plain) is opaque text.
 */
export function checkYamlTemplate(path: string, text: string, docs: readonly Document.Parsed[]): TemplateCheck {
  const skipped = new Set<number>();
  if (docs.some((d) => d.errors.length > 0)) {
    const marker = firstMarker(text, true);
    if (marker < 0) return { isWholeFile: false, skipped, diagnostic: undefined };
    return { isWholeFile: true, skipped, diagnostic: templateDiagnostic(path, text, { ranges: [[0, text.length]] }, marker) };
  }
  let marker = -1;
  // Such a map starts with `{{` or `{%`: a text without one has none (most files; issue #14).
  if (!/\{[{%]/.test(text)) return { isWholeFile: false, skipped, diagnostic: undefined };
  docs.forEach((doc, i) => {
    walkNodes(doc, (node) => {
      if (skipped.has(i)) return true; // found in this document: nothing more to look at
      if (!isMap(node)) return false;
      const start = node.range?.[0];
      if (node.flow === true && start !== undefined && /^\{[{%]/.test(text.slice(start, start + 2))) {
        skipped.add(i);
        if (marker < 0) marker = start;
        return true;
      }
      return false;
    });
  });
  if (skipped.size === 0) return { isWholeFile: false, skipped, diagnostic: undefined };
  const indexes = [...skipped];
  const ranges = indexes.map((i): [number, number] => {
    const range = docs[i]?.range ?? [0, text.length, text.length];
    return [range[0], range[2]];
  });
  return { isWholeFile: false, skipped, diagnostic: templateDiagnostic(path, text, { ranges, documents: indexes }, marker) };
}
