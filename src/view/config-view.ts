import type { ConfigView, Section } from './types.js';

/** What a backend supplies; the view's sections are filled in by the backend after creation (sections point back to their view). */
export type ConfigViewParts = Omit<ConfigView, 'sections' | 'sectionsOf'>;

/** A view and the array its backend fills with sections, in order. */
export function createConfigView(parts: ConfigViewParts): { readonly view: ConfigView; readonly sections: Section[] } {
  const sections: Section[] = [];
  // By kind, computed once per length of the array (backends only append): rules ask it per section.
  let byKind: { length: number; lists: Map<string, Section[]> } | undefined;
  const sectionsOf = (kind: Section["kind"]): readonly Section[] => {
    if (byKind?.length !== sections.length) byKind = { length: sections.length, lists: new Map() };
    let list = byKind.lists.get(kind);
    if (!list) byKind.lists.set(kind, (list = sections.filter((s) => s.kind === kind)));
    return list;
  };
  const view: ConfigView = Object.assign({}, parts, { sections, sectionsOf }); // not a spread: V8 (Node 20) builds `{ ...a, b }` in a slow runtime call
  return { view, sections };
}
