import { fluxEscapedRefs } from './flux-escape.js';
import type { EmbeddedConfig } from '../discover/discovery-types.js';
import type { SectionType } from '../grammar/syntax-tree.js';
import { entryKeyStart, entryOrdinal, type ConfigModel, type EntryModel, type SectionModel, type VarRef } from '../model/config-model.js';
import { appendBlock, insertBlockBefore, insertEntryAfter, removeEntryLine, replaceEntry, replaceValue } from './classic-entry-edits.js';
import { createConfigView } from './config-view.js';
import { configTarget } from './target.js';
import type { ConfigView, EditTarget, Fix, Located, Property, Section, SectionKind } from './types.js';

/** Edits carry the producing rule's id; the rule runner stamps it. */
const ORIGIN = 'view';

function kindOf(type: SectionType): SectionKind {
  switch (type) {
    case 'service':
    case 'input':
    case 'filter':
    case 'output':
    case 'parser':
    case 'multiline_parser':
      return type;
    default:
      return 'other';
  }
}

const NO_REFS: readonly VarRef[] = Object.freeze([]);

/** What the sections of one view share. */
interface ViewContext {
  readonly view: ConfigView;
  readonly target: EditTarget;
  readonly model: ConfigModel;
}

/**
 * A section of a classic config. A class with prototype lookups, not a
 * literal with closures and a map per section: a big config has thousands
 * (memory, issue #14). Lookups go through the model's section; a property
 * is made when first returned (then kept: the same object each time, and
 * the one `properties` holds), so sections and entries no rule reads cost
 * no property. Same fields and lookups as indexSection's.
 */
class ClassicSection implements Section {
  readonly #view: ViewContext;
  readonly #section: SectionModel;
  #at: Located | undefined;
  /** Properties by entry index, made when first returned; complete once `properties` was read. */
  #properties: ClassicProperty[] | undefined;
  #complete: boolean;

  constructor(view: ViewContext, s: SectionModel) {
    this.#view = view;
    this.#section = s;
    this.#at = undefined;
    this.#properties = undefined;
    this.#complete = false;
  }

  get config(): ConfigView {
    return this.#view.view;
  }

  get kind(): SectionKind {
    return kindOf(this.#section.type);
  }

  /** Made when first read (then kept). */
  get at(): Located {
    return (this.#at ??= { target: this.#view.target, start: this.#section.start, end: this.#section.end });
  }

  /** The config's model and edit target (for its properties). */
  get model(): ConfigModel {
    return this.#view.model;
  }

  get target(): EditTarget {
    return this.#view.target;
  }

  get plugin(): string {
    return this.#section.plugin;
  }

  get properties(): readonly Property[] {
    const { entries } = this.#section;
    if (!this.#complete) {
      for (let i = 0; i < entries.length; i++) this.#property(i, entries[i] as EntryModel);
      this.#complete = true;
    }
    return this.#properties ?? (this.#properties = []);
  }

  #property(i: number, e: EntryModel): ClassicProperty {
    return ((this.#properties ??= [])[i] ??= new ClassicProperty(this, e));
  }

  /** The property of an entry of the model's section. */
  #of(e: EntryModel): ClassicProperty {
    return this.#property(entryOrdinal(e, this.#section), e);
  }

  get(name: string): Property | undefined {
    const e = this.#section.get(name);
    return e ? this.#of(e) : undefined;
  }

  getAll(name: string): readonly Property[] {
    return this.#section.getAll(name).map((e) => this.#of(e));
  }

  has(name: string): boolean {
    return this.#section.has(name);
  }
}

/**
 * A property of a classic config. A class, not an object literal with four
 * closures, reading its entry: a big config has one per entry (issue #14).
 * `at`, `valueAt` and `varRefs` are made when first read (then kept).
 * Same fields.
 */
class ClassicProperty implements Property {
  readonly section: ClassicSection;
  readonly #entry: EntryModel;
  #at: Located | undefined;
  #valueAt: Located | undefined;

  constructor(section: ClassicSection, e: EntryModel) {
    this.section = section;
    this.#entry = e;
    this.#at = undefined;
    this.#valueAt = undefined;
  }

  get key(): string {
    return this.#entry.key;
  }

  get name(): string {
    return this.#entry.name;
  }

  get value(): string {
    return this.#entry.value;
  }

  get at(): Located {
    return (this.#at ??= { target: this.section.target, start: entryKeyStart(this.#entry), end: this.#entry.valueEnd });
  }

  get valueAt(): Located {
    return (this.#valueAt ??= { target: this.section.target, start: this.#entry.valueStart, end: this.#entry.valueEnd });
  }

  /** Offsets relative to the value (the entry's are the text's). */
  get varRefs(): readonly VarRef[] {
    const refs = this.#entry.varRefs;
    if (refs.length === 0) return NO_REFS;
    const at = this.#entry.valueStart;
    return fluxEscapedRefs(refs.map((r) => ({ name: r.name, fallback: r.fallback, start: r.start - at, end: r.end - at })), this.value, this.section.config.source);
  }

  replaceValue(value: string): Fix {
    return { target: this.section.target, edits: [replaceValue(this.#entry, value, ORIGIN)] };
  }

  replace(name: string, value: string): Fix {
    return { target: this.section.target, edits: [replaceEntry(this.#entry, name, value, ORIGIN)] };
  }

  remove(): Fix {
    return { target: this.section.target, edits: [removeEntryLine(this.#entry, () => this.section.model.tree.lines, ORIGIN)] };
  }

  insertAfter(name: string, value: string): Fix {
    return { target: this.section.target, edits: [insertEntryAfter(this.#entry, name, value, this.section.model.newline, ORIGIN)] };
  }
}

/**
 * The view of a classic config (the classic backend): sections and entries
 * of its model, in file order, duplicates kept. Edits are token splices that
 * keep the user's alignment (see classic-entry-edits.ts).
 */
export function classicView(config: EmbeddedConfig, model: ConfigModel): ConfigView {
  const target = configTarget(config);
  const { view, sections } = createConfigView({
    syntax: 'classic',
    name: config.name,
    target,
    source: config,
    variables: model.sets.map((s) => ({ name: s.name, value: s.value })),
    spell: (name) => name,
    appendClassicBlock: (block) => ({ target, edits: [appendBlock(config.text, block, model.indent ?? '    ', model.newline, ORIGIN)] }),
    insertClassicBlockBefore: (section, block) => ({
      target,
      edits: [insertBlockBefore(config.text, config.text.lastIndexOf('\n', section.at.start - 1) + 1, block, model.indent ?? '    ', model.newline, ORIGIN)],
    }),
  });

  const shared: ViewContext = { view, target, model };
  for (const s of model.sections) sections.push(new ClassicSection(shared, s)); // a loop: a big config has more sections than a call has arguments
  return view;
}
