import type { EmbeddedConfig } from '../discover/discovery-types.js';
import { keyStart } from '../grammar/compact-tree.js';
import type { SectionType } from '../grammar/syntax-tree.js';
import { findVarRefs, type ConfigModel, type EntryModel, type SectionModel, type VarRef } from '../model/config-model.js';
import { appendBlock, insertBlockBefore, insertEntryAfter, removeEntryLine, replaceEntry, replaceValue } from './classic-entry-edits.js';
import { createConfigView } from './config-view.js';
import { indexSection } from './section-index.js';
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

/**
 * A property of a classic config. A class, not an object literal with four
 * closures: a big config has one per entry, and the closures (with their
 * contexts) were most of the view's memory (issue #14). Same fields.
 */
class ClassicProperty implements Property {
  readonly key: string;
  readonly name: string;
  readonly value: string;
  readonly at: Located;
  readonly valueAt: Located;
  readonly varRefs: readonly VarRef[];
  readonly #entry: EntryModel;
  readonly #model: ConfigModel;

  constructor(readonly section: Section, e: EntryModel, target: EditTarget, model: ConfigModel) {
    this.key = e.key;
    this.name = e.name;
    this.value = e.value;
    this.at = { target, start: keyStart(e.line), end: e.valueEnd };
    this.valueAt = { target, start: e.valueStart, end: e.valueEnd };
    this.varRefs = e.value.includes('${') ? findVarRefs(e.value, 0) : NO_REFS;
    this.#entry = e;
    this.#model = model;
  }

  replaceValue(value: string): Fix {
    return { target: this.at.target, edits: [replaceValue(this.#entry, value, ORIGIN)] };
  }

  replace(name: string, value: string): Fix {
    return { target: this.at.target, edits: [replaceEntry(this.#entry, name, value, ORIGIN)] };
  }

  remove(): Fix {
    return { target: this.at.target, edits: [removeEntryLine(this.#entry, this.#model.tree.lines, ORIGIN)] }; // lines built only when needed
  }

  insertAfter(name: string, value: string): Fix {
    return { target: this.at.target, edits: [insertEntryAfter(this.#entry, name, value, this.#model.newline, ORIGIN)] };
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

  const entryProperty = (section: Section, e: EntryModel): Property => new ClassicProperty(section, e, target, model);
  const sectionOf = (s: SectionModel): Section => {
    const properties: Property[] = [];
    const section: Section = {
      config: view,
      kind: kindOf(s.type),
      plugin: s.plugin,
      properties,
      ...indexSection(properties),
      at: { target, start: s.start, end: s.end },
    };
    for (const e of s.entries) properties.push(entryProperty(section, e));
    return section;
  };
  for (const s of model.sections) sections.push(sectionOf(s)); // a loop: a big config has more sections than a call has arguments
  return view;
}
