import { forEachLine, indentWidth, keyAndValueText, keyText } from '../grammar/compact-tree.js';
import type { EntryLine, Line } from '../grammar/syntax-tree.js';
import { entryKeyStart, loadConfig, type ConfigModel, type EntryModel, type SectionModel } from '../model/config-model.js';
import { trailingBlankHint } from '../includes/trailing-blank.js';
import { cLower } from '../source/c-text.js';
import { cTrim, splitRuleTokens } from './c-string.js';
import { decodeText, fail, type ReadContext, type ReadRole } from './read-context.js';
import { globNames, resolveRef } from './setup-files.js';
import type { MultilineRule, PluginInstance, Prop, UpstreamDef } from './view.js';

/*
 * Reads a classic-format config over our lossless model into the
 * format-independent view, in the order Fluent Bit's classic reader
 * (src/config_format/flb_cf_fluentbit.c) and flb_config.c produce:
 *
 * - sections are created when their header is read, so an `@INCLUDE` puts
 *   the included file's sections at its place; keys after the include still
 *   belong to the including file's current section;
 * - `[SERVICE]` sections merge; unknown sections are ignored; group content
 *   (`[GROUP x]` + double-indented lines) is not a property of the section;
 * - keys are trimmed and ASCII lower-cased, values trimmed (`flb_sds_trim`);
 * - `@SET K=V` is split at the first `=`, nothing around it is trimmed;
 * - relative includes and globs resolve against the main file's directory
 *   (Fluent Bit tries the working directory first; in a container that is
 *   normally the same directory or `/`).
 */

/**
 * The rest of an entry line after the key's first space, trimmed as Fluent Bit does. `text`: the text the line was
 * parsed from. Where the separator, value and trailing tokens tile their span of `text` (always, but for a NUL the
 * lexer skipped), the value is cut from `text` itself: a big config's values then point into its text instead of
 * each being a copy of the joined tokens (memory, issue #14; the same characters either way).
 */
export function entryValue(text: string, line: EntryLine): string | null {
  const { separator: sep, value, trailing } = line;
  if (sep !== null && sep.text.length > 0) {
    const end = (trailing ?? value ?? sep).end;
    const length = sep.text.length - 1 + (value?.text.length ?? 0) + (trailing?.text.length ?? 0);
    if (end - (sep.start + 1) === length) return cTrim(text.slice(sep.start + 1, end));
  }
  return cTrim((sep?.text ?? '').slice(1) + (value?.text ?? '') + (trailing?.text ?? ''));
}

/** Keys interned per reading at most this many (unique keys cannot grow the map). */
const KEYS_KEPT = 4096;

/**
 * An entry key as Fluent Bit stores it (trimmed, ASCII lower-cased, '' when only spaces), one string per distinct
 * key of a reading: a big config repeats a few keys hundreds of thousands of times (memory, issue #14).
 */
export function keyInterner(): (raw: string) => string {
  const keys = new Map<string, string>();
  return (raw) => {
    let key = keys.get(raw);
    if (key === undefined) {
      key = cLower(cTrim(raw) ?? '');
      if (keys.size >= KEYS_KEPT) keys.clear();
      keys.set(raw, key);
    }
    return key;
  };
}

type Current =
  | { readonly t: 'service' }
  | { readonly t: 'plugin'; readonly props: Prop[] }
  | { readonly t: 'parser'; readonly props: Prop[] }
  | { readonly t: 'mlparser'; readonly props: Prop[]; readonly rules: MultilineRule[] }
  | { readonly t: 'plugins' }
  | { readonly t: 'upstream'; readonly up: { props: Prop[]; nodes: Prop[][] } }
  | { readonly t: 'node'; readonly props: Prop[] }
  | { readonly t: 'ignored' };

/** The YAML-only blocks of a classic section: none (one list for all). */
const NO_BLOCKS: readonly string[] = [];

/** A classic file's parse and model as a reader made them. */
export type LoadedClassic = ReturnType<typeof loadConfig>;

/**
 * The readings of a setup's classic files by name, when the caller asked for
 * them (ReadSetupOptions.classicReadings): convertSetup builds its docs from
 * the same parse instead of parsing every file again.
 */
export type ClassicReadings = Map<string, { readonly text: string; readonly role: ReadRole; readonly loaded: LoadedClassic }>;

/** Reads one classic file of a setup into the context's view (includes recursively). */
export function readClassicFile(ctx: ReadContext, name: string, source: string | Uint8Array, mainDir: string): void {
  ctx.included.add(name);
  ctx.view.files.push(name);
  const text = decodeText(source) ?? new TextDecoder('utf-8').decode(source as Uint8Array);
  const role = ctx.role === 'parsers' ? 'parsers' : 'main';
  const loaded = loadConfig(text, { role });
  ctx.classicReadings?.set(name, { text, role, loaded });
  const { model, diagnostics } = loaded;
  for (const d of diagnostics) {
    if (d.severity === 'error') fail(ctx, name, d.start, `${d.code}: ${d.message}`);
  }
  const { sectionAt } = modelByOffset(model);
  const groups = entryGroups(model);
  const keyOf = keyInterner();
  const { view } = ctx;
  let current: Current | null = null;
  let lastUpstream: { props: Prop[]; nodes: Prop[][] } | null = null;
  /** The plugin section being read: its props are cut to their size when it ends (see trim). */
  let open: { props: Prop[] } | null = null;
  const origin = (offset: number): { file: string; offset: number } => ({ file: name, offset });
  const pluginOrigin = ctx.sharedPluginOrigins === true ? origin(0) : undefined;
  // A list grown by push keeps room for 17 items; a big config's sections have a few props (memory, issue #14).
  const trim = (): void => {
    if (open !== null && open.props.length > 0) open.props = open.props.slice();
    open = null;
  };

  forEachLine(model.tree, (line) => {
    if (line.kind === 'header') {
      trim();
      const section = sectionAt(line.start);
      groups.header(section !== undefined);
      const type = section?.type ?? 'other';
      const at = line.start;
      if (ctx.filesOnly === true && type !== 'service') {
        current = { t: 'ignored' };
        return;
      }
      switch (type) {
        case 'service': current = { t: 'service' }; break;
        case 'input': case 'filter': case 'output': case 'custom': {
          const inst: PluginInstance & { props: Prop[] } = { kind: type, props: [], yamlOnly: NO_BLOCKS, origin: origin(at) };
          (type === 'custom' ? view.customs : type === 'input' ? view.inputs : type === 'filter' ? view.filters : view.outputs).push(inst);
          current = { t: 'plugin', props: inst.props };
          open = inst;
          break;
        }
        case 'parser': {
          const def = { props: [] as Prop[], origin: origin(at) };
          view.parsers.push(def);
          current = { t: 'parser', props: def.props };
          break;
        }
        case 'multiline_parser': {
          const def = { props: [] as Prop[], rules: [] as MultilineRule[], origin: origin(at) };
          view.multilineParsers.push(def);
          current = { t: 'mlparser', props: def.props, rules: def.rules };
          break;
        }
        case 'plugins': current = { t: 'plugins' }; break;
        case 'upstream_servers': {
          const up: UpstreamDef & { props: Prop[]; nodes: Prop[][] } = { props: [], nodes: [], origin: origin(at) };
          view.upstreams.push(up);
          lastUpstream = up;
          current = { t: 'upstream', up };
          break;
        }
        default:
          if (cLower(section?.name ?? '') === 'node' && lastUpstream) {
            const props: Prop[] = [];
            lastUpstream.nodes.push(props);
            current = { t: 'node', props };
          } else {
            current = { t: 'ignored' };
          }
      }
      return;
    }
    if (line.kind === 'command') {
      if (!line.argument) return;
      if (line.name === 'include') {
        readInclude(ctx, name, line.argument.text, line.argument.start, mainDir);
      } else if (line.name === 'set' && ctx.role === 'main') {
        const param = cTrim(line.argument.text) ?? '';
        const eq = param.indexOf('=');
        if (eq >= 0) view.env.push({ key: param.slice(0, eq), value: param.slice(eq + 1), origin: origin(line.start) });
      }
      return;
    }
    const group = groups.line(line);
    if (line.kind !== 'entry' || current === null || current.t === 'ignored') return;
    if (group !== null) return; // group header or group content (no entry, or an entry of a group)
    const key = keyOf(line.key.text);
    const value = entryValue(text, line);
    if (value === null || key === '') return; // reported by the grammar
    const prop: Prop = { key, value, origin: pluginOrigin !== undefined && current.t === 'plugin' ? pluginOrigin : origin(line.key.start) };
    switch (current.t) {
      case 'service': view.service.push(prop); break;
      case 'plugin': case 'parser': case 'node': current.props.push(prop); break;
      case 'mlparser':
        if (key === 'rule') {
          const t = splitRuleTokens(value, 3);
          current.rules.push({ state: t[0] ?? '', regex: t[1] ?? '', nextState: t[2] ?? null });
        } else current.props.push(prop);
        break;
      case 'plugins': if (key === 'path') view.plugins.push(value); break;
      case 'upstream': current.up.props.push(prop); break;
    }
  });
  trim();
}

/**
 * The model's sections by their header's offset and its entries by their
 * key's offset, for a reader that walks the lines in order (forEachLine:
 * keyed by line objects, every line of a big file would stay built, issue
 * #14). Both are in file order, so a cursor finds them: `sectionAt` for each
 * header line, then `entryAt` for the entry lines under it, in order. A
 * section's entries are read at its first `entryAt` only: the readers ask
 * entryGroups instead, and reading them made every entry of the model.
 */
export function modelByOffset(model: ConfigModel): { sectionAt(start: number): SectionModel | undefined; entryAt(keyStart: number): EntryModel | undefined } {
  const { sections } = model;
  let next = 0;
  let section: SectionModel | undefined;
  let entries: readonly EntryModel[] | undefined = [];
  let k = 0;
  return {
    sectionAt(start) {
      while (next < sections.length && (sections[next] as SectionModel).start < start) next++;
      const s = sections[next];
      if (s === undefined || s.start !== start) {
        section = undefined;
        entries = [];
        return undefined;
      }
      next++;
      section = s;
      entries = undefined;
      k = 0;
      return s;
    },
    entryAt(keyStart) {
      entries ??= (section as SectionModel).entries;
      while (k < entries.length && entryKeyStart(entries[k] as EntryModel) < keyStart) k++;
      const e = entries[k];
      return e !== undefined && entryKeyStart(e) === keyStart ? e : undefined;
    },
  };
}

/**
 * What `entryAt(keyStart)?.group` gives for each line of a section (undefined: no entry of the model; null: an entry
 * outside any group; else its group's name), without making the model's entries: the model's own rule
 * (config-model.ts, CompactSource #scan and lineSections: Fluent Bit's current_group, opened by a `[NAME]` line,
 * closed by any line at the indent), over the lines in order. A big config's entries were ~160 bytes each, made by
 * every classic read of --to-yaml and kept by the model while its doc or view was built (memory, issue #14).
 * `header` at each header line (`inSection`: the model has a section there; without one it has no entries), then
 * `line` for every other line of the section, in order. test/convert/lean-strings.test.ts checks it against
 * `entryAt` on every line of the corpus and the fixtures.
 */
export function entryGroups(model: ConfigModel): { header(inSection: boolean): void; line(line: Line): string | null | undefined } {
  const { indent } = model;
  let inSection = false;
  let group: string | null = null;
  return {
    header(defined) {
      inSection = defined;
      group = null;
    },
    line(line) {
      if (!inSection || line.kind === 'header' || line.kind === 'command') return undefined;
      const width = indentWidth(line);
      if (line.kind !== 'entry' && width === 0) return undefined; // empty line, column-0 comment
      const depth: 1 | 2 = indent !== null && width > 0 && width >= indent.length * 2 ? 2 : 1;
      if (depth === 1) group = null;
      if (line.kind !== 'entry') return undefined;
      if (keyText(line).startsWith('[')) {
        const content = keyAndValueText(line);
        const close = content.indexOf(']');
        const name = close < 0 ? content.slice(1) : content.slice(1, close);
        group = name === '' ? null : name; // `[]` opens no group
        return undefined;
      }
      return depth === 2 ? group : null;
    },
  };
}

function readInclude(ctx: ReadContext, name: string, ref: string, offset: number, mainDir: string): void {
  if (!ctx.followIncludes) {
    ctx.includeRefs.push({ ref, origin: { file: name, offset } });
    return;
  }
  // Nested includes resolve against the main file's directory, not the including file's.
  const targetsOf = (path: string): string[] => {
    const target = resolveRef(path, mainDir, ctx.baseDir);
    return path.includes('*') ? globNames(target, ctx.files.names) : [target];
  };
  const targets = targetsOf(ref);
  const hint = (): string => {
    const why = trailingBlankHint(ref, (p) => targetsOf(p).some((t) => ctx.files.read(t) !== undefined));
    return why === undefined ? '' : ` (${why})`;
  };
  if (targets.length === 0) {
    fail(ctx, name, offset, `@INCLUDE ${ref}: the glob matches no file${hint()}`, true);
    return;
  }
  for (const t of targets) {
    const text = ctx.files.read(t);
    if (text === undefined) {
      fail(ctx, name, offset, `@INCLUDE ${ref}: no such file in the setup${hint()}`, true);
      continue;
    }
    if (ctx.included.has(t)) {
      fail(ctx, name, offset, `@INCLUDE ${ref}: the file is read twice (Fluent Bit refuses it)`);
      continue;
    }
    readClassicFile(ctx, t, text, mainDir);
  }
}
