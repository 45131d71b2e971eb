import type { Property, Section } from '../../view/types.js';
import type { RuleOptions } from '../types.js';
import { isTrue, splitList } from './fluent-bit-values.js';
import { isTailInput, readsContainerLogs, tailTarget, valueOf } from './tail-target.js';

/*
 * The decisions behind tail-parser (and the rules that depend on them:
 * legacy-parser, fluent-bit-version, unresolved-variable), whatever the
 * syntax: which settings of a tail input are Docker-specific, and what the
 * migration does with each, in order.
 */

/** The multiline.parser value the migration writes. */
export function targetMultiline(criOnly: boolean): string {
  return criOnly ? 'cri' : 'docker, cri';
}

/**
 * An existing multiline.parser list that has `docker` but not `cri` gets
 * `cri` after `docker` (or `docker` replaced by `cri` with criOnly).
 * Undefined when nothing needs to change.
 */
export function completeMultiline(value: string, criOnly: boolean): string | undefined {
  const items = splitList(value);
  const lower = items.map((s) => s.toLowerCase());
  if (!lower.includes('docker') || lower.includes('cri')) return undefined;
  const next = criOnly
    ? items.map((s) => (s.toLowerCase() === 'docker' ? 'cri' : s))
    : items.flatMap((s) => (s.toLowerCase() === 'docker' ? [s, 'cri'] : [s]));
  return next.join(', ');
}

/**
 * What an input's multiline.parser properties need, read together: tail's
 * multiline.parser is a list that may be repeated (FLB_CONFIG_MAP_CLIST |
 * FLB_CONFIG_MAP_MULT), so `multiline.parser: [docker, cri]` (two
 * properties in the YAML format) or two classic lines name both parsers.
 * Undefined when the union has `cri`, or no `docker`. Else the property
 * that names `docker` (the first), and how it changes: a list item that is
 * only `docker` gets a `cri` item after it (`insert`), or becomes `cri`
 * with criOnly; any other gets `next` as its value.
 */
export function completeMultilines(multiline: readonly Property[], criOnly: boolean, variables: ReadonlyMap<string, string>): { readonly property: Property; readonly next: string; readonly insert?: string; readonly misspelled?: boolean } | undefined {
  // A list item that names docker/cri as Fluent Bit does not read them (`docker cri`, quoted): split into its names first.
  const misspelled = multiline.find((p) => splitMultilineItems(valueOf(p, variables)) !== undefined);
  if (misspelled) {
    const read = (p: Property): string => splitMultilineItems(valueOf(p, variables)) ?? valueOf(p, variables);
    const union = multiline.flatMap((p) => splitList(read(p)).map((s) => s.toLowerCase()));
    const fixed = read(misspelled);
    const next = union.includes('docker') && !union.includes('cri') ? (completeMultiline(fixed, criOnly) ?? fixed) : fixed;
    return { property: misspelled, next, misspelled: true };
  }
  const union = multiline.flatMap((p) => splitList(valueOf(p, variables)).map((s) => s.toLowerCase()));
  if (!union.includes('docker') || union.includes('cri')) return undefined;
  const property = multiline.find((p) => splitList(valueOf(p, variables)).some((s) => s.toLowerCase() === 'docker'));
  if (!property) return undefined;
  // `next` is the literal list (a value written with a variable is replaced whole, NOTES "varvalues").
  const next = completeMultiline(valueOf(property, variables), criOnly);
  if (next === undefined) return undefined;
  if (property.item && !criOnly && splitList(valueOf(property, variables)).length === 1) return { property, next, insert: 'cri' };
  return { property, next };
}

/** Fluent Bit's built-in multiline parsers (src/multiline/flb_ml_parser_*.c). */
const BUILTIN_MULTILINE = new Set(['docker', 'cri', 'go', 'python', 'java', 'ruby']);

/** True for a built-in multiline parser's name (any letter case, as the lists are read here). */
export function isBuiltinMultiline(name: string): boolean {
  return BUILTIN_MULTILINE.has(name.toLowerCase());
}

/**
 * A multiline.parser value with an item that lists built-in multiline parsers, docker or cri among them, in a way
 * Fluent Bit does not read: its CLIST splits at commas only and trims (`docker cri` is one name, `"docker` another),
 * finds no multiline parser of that name and the input fails to start ("could not load multiline parsers"). The list
 * with such items split into their names; undefined when no item is such.
 */
export function splitMultilineItems(value: string): string | undefined {
  if (unrendered(value)) return undefined;
  let changed = false;
  const items = splitList(value).flatMap((item) => {
    if (isBuiltinMultiline(item)) return [item];
    const tokens = parserTokens(item);
    if (tokens.length === 0 || !tokens.some(isRuntimeToken) || !tokens.every((t) => isBuiltinMultiline(t))) return [item];
    changed = true;
    return tokens;
  });
  return changed ? items.join(', ') : undefined;
}

/**
 * The items of a multiline.parser value that mention docker or cri with other names Fluent Bit does not read as a
 * list (`docker my_java`): unknown names, as in splitMultilineItems, whose split is not the migration's to guess.
 */
export function unknownMultilineItems(value: string): string[] {
  if (unrendered(value)) return [];
  return splitList(value).filter((item) => {
    if (isBuiltinMultiline(item)) return false;
    const tokens = parserTokens(item);
    return tokens.some(isRuntimeToken) && (tokens.length > 1 || tokens[0] !== item) && !tokens.every((t) => isBuiltinMultiline(t));
  });
}

/** True for the parser names the runtime migration replaces (parser names are case-sensitive). */
export function isRuntimeParser(name: string): name is 'docker' | 'cri' {
  return name === 'docker' || name === 'cri';
}

/**
 * The names a Parser value lists as its writer meant them: split at commas and blanks, each without the quotes
 * around it. Fluent Bit reads none of that: tail's Parser is one name (in_tail/tail_config.c: flb_parser_get of the
 * whole value, trimmed), compared case-sensitively (flb_parser.c: strcmp), and a classic value keeps its quotes.
 */
export function parserTokens(value: string): string[] {
  return value
    .split(/[\s,]+/)
    .map(trimQuotes)
    .filter((s) => s.length > 0);
}

/** `s` without the quotes around it (a loop: /["']+$/ backtracks quadratically on a long run of quotes). */
function trimQuotes(s: string): string {
  const quote = (c: string | undefined): boolean => c === '"' || c === "'";
  let start = 0;
  let end = s.length;
  while (start < end && quote(s[start])) start++;
  while (end > start && quote(s[end - 1])) end--;
  return s.slice(start, end);
}

/** True for a parser token that names the container log format: docker or cri, in any letter case. */
function isRuntimeToken(token: string): boolean {
  return isRuntimeParser(token.toLowerCase());
}

/** A value still holding a variable or a template action: what it renders is not known here (unresolved-variable says). */
function unrendered(value: string): boolean {
  return value.includes('${') || value.includes('{{');
}

/**
 * How a Parser value misspells the runtime parsers, or undefined: `list` for the multiline.parser
 * list written in Parser (`docker,cri`, `cri, docker`, `docker cri`), or docker/cri listed with `json`
 * (`docker,json`: both read Docker's JSON line, so the intent is the container log format); `case`
 * for a name in other letter case (`Docker`); `quoted` for a name in quotes (`"docker"` in a classic
 * config). Fluent Bit logs "parser '...' is not registered" for each and leaves every line unparsed.
 */
export function runtimeParserVariant(value: string): 'list' | 'case' | 'quoted' | undefined {
  if (isRuntimeParser(value) || unrendered(value)) return undefined;
  const tokens = parserTokens(value);
  if (!tokens.some(isRuntimeToken) || !tokens.every((t) => isRuntimeToken(t) || t.toLowerCase() === 'json')) return undefined;
  if (tokens.length > 1) return 'list';
  return /["']/.test(value) ? 'quoted' : 'case';
}

/**
 * The other names of a Parser value that lists docker or cri with parsers other than json
 * (`docker,my_app`, `cri java`): it names no parser either, but what the other names were for is
 * not the migration's to guess. Undefined for any other value.
 */
export function mixedRuntimeParserList(value: string): string[] | undefined {
  if (isRuntimeParser(value) || unrendered(value) || runtimeParserVariant(value) !== undefined) return undefined;
  const tokens = parserTokens(value);
  if (tokens.length < 2 || !tokens.some(isRuntimeToken)) return undefined;
  return tokens.filter((t) => !isRuntimeToken(t) && t.toLowerCase() !== 'json');
}

/** The Docker-specific parser settings of a tail input. */
export interface TailParserSettings {
  /** `Parser docker` / `Parser cri` (or a misspelling of them, runtimeParserVariant). */
  readonly runtimeParsers: readonly Property[];
  /** `Docker_Mode`, then `Docker_Mode_Flush`, then `Docker_Mode_Parser`. */
  readonly dockerMode: readonly Property[];
  readonly multiline: readonly Property[];
  /** The setup's variables the values were read with (valueOf). */
  readonly variables: ReadonlyMap<string, string>;
}

export function tailParserSettings(section: Section, variables: ReadonlyMap<string, string>): TailParserSettings {
  return {
    variables,
    runtimeParsers: section.getAll('parser').filter((p) => isRuntimeParser(valueOf(p, variables)) || runtimeParserVariant(valueOf(p, variables)) !== undefined),
    dockerMode: ['docker_mode', 'docker_mode_flush', 'docker_mode_parser'].flatMap((k) => section.getAll(k)),
    multiline: section.getAll('multiline.parser'),
  };
}

/** The first `Docker_Mode` that is on: it stands for the input's parser where no `Parser docker|cri` does (tail-parser, legacy-parser). */
export function dockerModeOn(s: TailParserSettings): Property | undefined {
  return s.dockerMode.find((p) => p.name === 'docker_mode' && isTrue(valueOf(p, s.variables)));
}

/** True when the input has a setting the migration replaces. */
export function hasDockerParserSettings(s: TailParserSettings): boolean {
  return s.runtimeParsers.length > 0 || s.dockerMode.length > 0 || completeMultilines(s.multiline, false, s.variables) !== undefined;
}

/**
 * The settings to migrate of a tail input that reads container logs; undefined
 * for other sections, inputs with nothing to migrate, and inputs that read
 * other files (`Parser docker` on an agent's own JSON files is not about the
 * runtime). A Path the setup's variables cannot resolve is not container logs
 * (unresolved-variable reports it).
 */
export function containerParserSettings(section: Section, variables: ReadonlyMap<string, string>, options: RuleOptions): TailParserSettings | undefined {
  if (!isTailInput(section, variables)) return undefined;
  const settings = tailParserSettings(section, variables);
  if (!hasDockerParserSettings(settings)) return undefined;
  return readsContainerLogs(tailTarget(section, variables, options)) ? settings : undefined;
}

/** Why a property is removed. */
export type RemovalReason =
  /** multiline.parser is set: Fluent Bit ignores Parser. */
  | 'parser-ignored'
  /** multiline.parser is set: Docker_Mode is ignored. */
  | 'docker-mode-ignored'
  /** A second Parser docker|cri: the replaced one covers it. */
  | 'parser-replaced'
  /** multiline.parser is set (or written): Fluent Bit ignores Parser, a JSON parser reading Docker's lines (`docker_no_time`). */
  | 'json-parser-ignored'
  | 'docker-mode';

/** One step of the migration of a tail input, in the order the rule reports them. */
export type TailStep =
  /** `Docker_Mode_Parser` joined application lines; that is lost (info). */
  | { readonly kind: 'intent-lost'; readonly property: Property }
  /** `multiline.parser docker` gets `cri` (`insert`: as a new list item after this one). */
  | { readonly kind: 'complete'; readonly property: Property; readonly next: string; readonly insert?: string; readonly misspelled?: boolean }
  /** `Parser docker|cri` (or their list) or `Docker_Mode On` becomes `multiline.parser <target>` on the same line. */
  | { readonly kind: 'replace'; readonly property: Property; readonly replaced: 'docker' | 'cri' | 'list' | 'case' | 'quoted' | 'docker_mode'; readonly target: string }
  | { readonly kind: 'remove'; readonly property: Property; readonly reason: RemovalReason }
  /** Only Docker_Mode Off / Docker_Mode_Flush: removed, and nothing parses CRI lines any more (warning). */
  | { readonly kind: 'no-parser-left'; readonly property: Property };

/** True for the steps that edit the config. */
export function isChangeStep(step: TailStep): boolean {
  return step.kind === 'complete' || step.kind === 'replace' || step.kind === 'remove';
}

/**
 * The migration of one tail input to the built-in multiline parsers
 * (runtime-migration.md C-usage, D.2, V), for Fluent Bit >= 1.8:
 * - with a multiline.parser (every one read together): `docker` gets `cri`
 *   unless one has it; Parser and Docker_Mode* go;
 * - else the first Parser docker|cri (or, failing that, a Docker_Mode that is
 *   on) becomes `multiline.parser docker, cri` in place; the rest goes.
 *   Docker_Mode Off and Docker_Mode_Flush alone parse nothing, so they are
 *   only removed, with a warning that no parser is left.
 * `Parser cri` is never written.
 */
export function planTailParser(section: Section, settings: TailParserSettings, criOnly: boolean): TailStep[] {
  const { runtimeParsers, dockerMode, multiline, variables } = settings;
  const steps: TailStep[] = [];
  for (const p of dockerMode) if (p.name === 'docker_mode_parser') steps.push({ kind: 'intent-lost', property: p });

  if (multiline.length > 0) {
    const complete = completeMultilines(multiline, criOnly, variables);
    if (complete) steps.push({ kind: 'complete', ...complete });
    for (const p of runtimeParsers) steps.push({ kind: 'remove', property: p, reason: 'parser-ignored' });
    for (const p of dockerMode) steps.push({ kind: 'remove', property: p, reason: 'docker-mode-ignored' });
    return steps;
  }

  const target = targetMultiline(criOnly);
  const parser = runtimeParsers[0];
  const anchor = parser ?? dockerModeOn(settings);
  const replaced = parser ? valueOf(parser, variables) : undefined;
  const kind = replaced === undefined ? 'docker_mode' : isRuntimeParser(replaced) ? replaced : (runtimeParserVariant(replaced) ?? 'list');
  if (anchor) steps.push({ kind: 'replace', property: anchor, replaced: kind, target });
  for (const p of runtimeParsers) if (p !== anchor) steps.push({ kind: 'remove', property: p, reason: 'parser-replaced' });
  for (const p of dockerMode) if (p !== anchor) steps.push({ kind: 'remove', property: p, reason: 'docker-mode' });
  const first = dockerMode[0];
  if (!anchor && first && !section.has('parser')) steps.push({ kind: 'no-parser-left', property: first });
  return steps;
}
