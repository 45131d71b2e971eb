import type { ConfigView, Section } from './types.js';

/** What a backend supplies; the view's sections are filled in by the backend after creation (sections point back to their view). */
export type ConfigViewParts = Omit<ConfigView, 'sections' | 'sectionsOf'>;

/** A view and the array its backend fills with sections, in order. */
export function createConfigView(parts: ConfigViewParts): { readonly view: ConfigView; readonly sections: Section[] } {
  const sections: Section[] = [];
  const view: ConfigView = { ...parts, sections, sectionsOf: (kind) => sections.filter((s) => s.kind === kind) };
  return { view, sections };
}
