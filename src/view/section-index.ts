import type { Property, Section } from './types.js';

/**
 * Case-insensitive lookups over a section's properties by Fluent Bit name,
 * duplicates kept in order. Reads `properties` lazily, so a backend may fill
 * the array after creating the section.
 */
export function indexSection(properties: readonly Property[]): Pick<Section, 'get' | 'getAll' | 'has'> {
  let byName: Map<string, Property[]> | undefined;
  const index = (): Map<string, Property[]> => {
    if (byName) return byName;
    byName = new Map();
    for (const p of properties) {
      const list = byName.get(p.name);
      if (list) list.push(p);
      else byName.set(p.name, [p]);
    }
    return byName;
  };
  return {
    get: (name) => index().get(name.toLowerCase())?.[0],
    getAll: (name) => index().get(name.toLowerCase()) ?? [],
    has: (name) => index().has(name.toLowerCase()),
  };
}
