import { decodeBase64 } from '../source/base64.js';
import { isPair, isScalar, type Document } from 'yaml';
import { findDockerSignals, scanDockerSignals, type DockerSignalKind } from '../discover/docker-signals.js';
import type { Discovery, ValuesText } from '../discover/discovery-types.js';
import { dockerParserVariables } from '../discover/script-variables.js';
import { foreignLanguage } from '../source/sniff-format.js';
import type { RuleOptions } from '../rules/types.js';
import { walkNodes } from '../yaml/walk-nodes.js';
import { RangeIndex, type ConsumedRanges } from './consumed.js';

/*
 * The safety net (issue #11): after every recognizer and rule ran, every
 * input is scanned for Docker-era signals (discover/docker-signals.ts) that
 * nothing consumed (consumed.ts), and each is reported once, at its
 * position, as `unhandled-docker-setting`.
 *
 * What is scanned: the settings of a file, not its comments. In YAML (and
 * JSON) that is the text of its scalars, keys and values, found through the
 * parsed documents (a YAML comment is never a scalar); inside chart values
 * written as a string, the scalars of that string's own documents. In other
 * text files (a `.conf` of another tool), every line that is not a `#` or
 * `;` comment. Files with an error are not scanned (their errors say
 * enough), nor whole-file templates (one TEMPLATE_SYNTAX covers them).
 */

/** One signal nothing consumed, in file offsets. */
export interface UnhandledSignal {
  readonly kind: DockerSignalKind;
  readonly start: number;
  readonly end: number;
  /** The setting as written, blanks collapsed (`Parser docker`, `/var/lib/docker/containers`). */
  readonly setting: string;
  /** The signals sit in kubectl's last-applied-configuration annotation (one signal per annotation): a record, not what runs. */
  readonly lastApplied?: boolean;
}

/** The annotation kubectl apply keeps the applied object in (a JSON string); `kubectl get -o yaml` dumps carry it. */
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** The ranges of the last-applied-configuration annotation values of documents. */
function lastAppliedRanges(docs: readonly Document.Parsed[]): [number, number][] {
  const out: [number, number][] = [];
  for (const doc of docs) {
    walkNodes(doc, (node) => {
      if (isPair(node) && isScalar(node.key) && node.key.value === LAST_APPLIED && isScalar(node.value) && node.value.range) {
        out.push([node.value.range[0], node.value.range[1]]);
      }
    });
  }
  return out;
}

/** Keys whose value picks the nodes a pod runs on (a pod spec's, or chart values' for the chart's pod). */
const NODE_SELECTION = new Set(['nodeSelector', 'affinity', 'tolerations']);

/** The file ranges of the values of node-selection keys (NODE_SELECTION), in the documents and in values strings. */
function nodeSelectionRanges(d: Discovery): [number, number][] {
  const out: [number, number][] = [];
  const add = (docs: readonly Document.Parsed[], toOuter: (o: number) => number): void => {
    for (const doc of docs) {
      walkNodes(doc, (node) => {
        if (isPair(node) && isScalar(node.key) && typeof node.key.value === 'string' && NODE_SELECTION.has(node.key.value)) {
          const r = (node.value as { range?: [number, number, number] } | null)?.range;
          if (r) out.push([toOuter(r[0]), toOuter(r[1])]);
        }
      });
    }
  };
  add(d.documents, (o) => o);
  for (const t of d.valuesTexts) add(t.documents, t.map.toOuter);
  return out;
}

/** Signal kinds that are about Docker's files (kept on purpose with --keep-docker-mount). */
const FILE_KINDS: ReadonlySet<DockerSignalKind> = new Set(['docker-data-root', 'docker-windows-root', 'json-log']);

/** The scalar ranges of documents, mapped to the file, indexed by start. */
function scalarIndex(docs: readonly Document.Parsed[], toOuter: (o: number) => number = (o) => o): RangeIndex {
  const starts: number[] = [];
  const ends: number[] = [];
  for (const doc of docs) {
    walkNodes(doc, (node) => {
      const r = isScalar(node) ? node.range : undefined;
      if (r) {
        starts.push(toOuter(r[0]));
        ends.push(toOuter(r[1]));
      }
    });
  }
  return new RangeIndex(starts, ends);
}

/** A signal as the message names it: quotes dropped, blanks and line breaks collapsed (`Parser docker`; a block list item: `parser: - docker`). */
function settingText(text: string): string {
  // A JSON `\/` is a slash (`\/var\/lib\/docker` is /var/lib/docker).
  return text.replace(/["'[]/g, '').replace(/\\\//g, '/').replace(/\s+/g, ' ');
}

/** True when the signal at `start` lies on a line that is a `#` or `;` comment (non-YAML text). */
function onCommentLine(text: string, start: number): boolean {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  return /^[ \t]*[#;]/.test(text.slice(lineStart, start + 1));
}

/**
 * The Docker-era signals of one file that nothing consumed. Pure; reads the
 * discovery's documents only when the text holds a signal at all.
 */
export function unhandledSignals(d: Discovery, consumed: ConsumedRanges, options: RuleOptions): UnhandledSignal[] {
  // cri-dockerd keeps dockerd, its socket, its unit and its files: nothing Docker-era breaks.
  if (options.runtime === 'cri-dockerd') return [];
  if (d.fileKind === 'binary' || d.fileKind === 'empty' || d.fileKind === 'template' || d.fileKind === 'invalid') return [];
  // A Jenkinsfile's Groovy, or a Groovy file's (agents mount docker.sock routinely), is read for its steps' helm lines only (discover/jenkinsfile.ts).
  const language = foreignLanguage(d.path);
  if (language === 'Jenkinsfile' || language === 'Groovy') return [];
  if (d.diagnostics.some((x) => x.severity === 'error')) return [];
  // Rows, not objects: a big config's signals are nearly all consumed (memory, issue #14).
  const signals = scanDockerSignals(d.text);
  // A variable's `docker` the text scan already reports (`LOG_PARSER=docker`) is reported once, by the scan.
  const scanned = (v: UnhandledSignal): boolean => signals.starts.some((s, i) => s < v.end && v.start < (signals.ends[i] as number));
  const out: UnhandledSignal[] = [...base64Signals(d, options), ...variableSignals(d).filter((v) => !scanned(v))];
  if (signals.kinds.length === 0) return out.sort((a, b) => a.start - b.start);
  let inSetting: (start: number, end: number) => boolean;
  if (d.documents.length === 0) {
    inSetting = (start) => !onCommentLine(d.text, start);
  } else {
    // Inside a values string, its own scalars decide (a `#` line there is a comment of that YAML).
    // Scalar ranges indexed by start: "inside a scalar" in O(log n) per signal. Built for the first
    // signal nothing consumed (CPU, issue #14: in a migrated file the rules consumed nearly every one).
    let texts: { text: ValuesText; scalars: RangeIndex }[] | undefined;
    let outer: RangeIndex | undefined;
    inSetting = (start, end) => {
      texts ??= d.valuesTexts.map((t) => ({ text: t, scalars: scalarIndex(t.documents, t.map.toOuter) }));
      outer ??= scalarIndex(d.documents);
      const host = texts.find((t) => t.text.start <= start && end <= t.text.end);
      return (host ? host.scalars : outer).maxEndFrom(start) > start;
    };
  }
  let annotations: [number, number][] | undefined;
  let selections: [number, number][] | undefined;
  const recorded = new Map<[number, number], UnhandledSignal[]>();
  for (let i = 0; i < signals.kinds.length; i++) {
    const kind = signals.kinds[i] as DockerSignalKind;
    const start = signals.starts[i] as number;
    const end = signals.ends[i] as number;
    // Pure tests, cheapest first (the same signals pass as in any order).
    if ((options.keepDockerMount && FILE_KINDS.has(kind)) || consumed.covers(d.path, start, end) || !inSetting(start, end)) continue;
    // A node label (`nodeSelector: {docker: "true"}`) selects nodes, it switches nothing: docker-node-pool reads it.
    if (kind === 'runtime-switch' && (selections ??= nodeSelectionRanges(d)).some(([s, e]) => s <= start && end <= e)) continue;
    const signal = { kind, start, end, setting: settingText(d.text.slice(start, end)) };
    annotations ??= lastAppliedRanges(d.documents);
    const annotation = annotations.find(([s, e]) => s <= start && end <= e);
    if (!annotation) out.push(signal);
    else if (recorded.has(annotation)) recorded.get(annotation)?.push(signal);
    else recorded.set(annotation, [signal]);
  }
  // kubectl's record of the last apply: one signal per annotation, naming what it holds.
  for (const [[start, end], found] of recorded) {
    const first = found[0] as UnhandledSignal;
    out.push({ kind: first.kind, start, end, setting: [...new Set(found.map((f) => f.setting))].join(', '), lastApplied: true });
  }
  return out.sort((a, b) => a.start - b.start);
}

/**
 * A Make or shell variable set to `docker` and used as a parser
 * (`FLB_PARSER ?= docker` ... `Parser $(FLB_PARSER)`): one signal at the
 * assignment's value, naming the use (script-variables.ts). Neither line is
 * a signal of the text scan on its own.
 */
function variableSignals(d: Discovery): UnhandledSignal[] {
  const language = foreignLanguage(d.path);
  if (language !== 'shell' && language !== 'Make') return [];
  return dockerParserVariables(d.text).map((v) => ({
    kind: 'parser-docker',
    start: v.start,
    end: v.end,
    setting: v.inPlace ? `${v.use.replace(/\s+/g, ' ')}, the default of ${v.name}` : `${v.written}, which line ${v.useLine} uses as ${v.use.replace(/\s+/g, ' ')}`,
  }));
}

/**
 * Docker-era settings hidden in base64 (a Secret's `data`, a ConfigMap's
 * `binaryData`) that discovery did not read as a config (base64 configs are
 * decoded, migrated and re-encoded): they must not stay silent either. One signal per key, at its value, naming every setting
 * found in the decoded text (comment lines skipped).
 */
function base64Signals(d: Discovery, options: RuleOptions): UnhandledSignal[] {
  const out: UnhandledSignal[] = [];
  for (const k of d.otherKeys) {
    if (k.base64 === undefined) continue;
    const text = decodeBase64(k.base64);
    if (text === undefined) continue;
    const found = findDockerSignals(text).filter((s) => !onCommentLine(text, s.start) && !(options.keepDockerMount && FILE_KINDS.has(s.kind)));
    const first = found[0];
    if (first === undefined) continue;
    const settings = [...new Set(found.map((s) => settingText(s.text)))];
    const secret = k.configMap.kind === 'Secret';
    out.push({
      kind: first.kind,
      start: k.start,
      end: k.end,
      setting: `${settings.join(', ')}, in the base64 value of ${secret ? 'Secret data' : 'ConfigMap binaryData'} key ${k.name} (decode it and migrate the text, or move it to ${secret ? 'stringData' : 'data'}, which flb-migrate edits)`,
    });
  }
  return out;
}
