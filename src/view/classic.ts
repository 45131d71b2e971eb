import type { EmbeddedConfig } from '../discover/discovery-types.js';
import { keyStart } from '../grammar/compact-tree.js';
import type { SectionType } from '../grammar/syntax-tree.js';
import { findVarRefs, type ConfigModel, type EntryModel, type SectionModel } from '../model/config-model.js';
import { appendBlock, insertBlockBefore, insertEntryAfter, removeEntryLine, replaceEntry, replaceValue } from './classic-entry-edits.js';
import { createConfigView } from './config-view.js';
import { indexSection } from './section-index.js';
import { configTarget } from './target.js';
import type { ConfigView, Property, Section, SectionKind } from './types.js';

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

  const entryProperty = (section: Section, e: EntryModel): Property => ({
    section,
    key: e.key,
    name: e.name,
    value: e.value,
    at: { target, start: keyStart(e.line), end: e.valueEnd },
    valueAt: { target, start: e.valueStart, end: e.valueEnd },
    varRefs: findVarRefs(e.value, 0),
    replaceValue: (value) => ({ target, edits: [replaceValue(e, value, ORIGIN)] }),
    replace: (name, value) => ({ target, edits: [replaceEntry(e, name, value, ORIGIN)] }),
    remove: () => ({ target, edits: [removeEntryLine(e, model.tree.lines, ORIGIN)] }), // lines built only when needed
    insertAfter: (name, value) => ({ target, edits: [insertEntryAfter(e, name, value, model.newline, ORIGIN)] }),
  });

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
