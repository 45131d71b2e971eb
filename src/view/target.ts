import type { Node } from 'yaml';
import type { EmbeddedConfig } from '../discover/discovery-types.js';
import type { EditTarget, Located } from './types.js';

/** The target of a whole file: offsets are the file's own. */
export function fileTarget(path: string, text: string): EditTarget {
  return {
    id: `file:${path}`,
    path,
    text,
    toOuter: (o) => Math.max(0, Math.min(o, text.length)),
    mapEdits: (edits) => [...edits],
  };
}

/** The target of a discovered config: its text, mapped to its file through the config's OffsetMap. */
export function configTarget(config: EmbeddedConfig): EditTarget {
  return { id: config.id, path: config.path, text: config.text, toOuter: config.map.toOuter, mapEdits: config.map.mapEdits };
}

/** The range of a YAML node (start..value end); an empty range at 0 for a node without one. */
export function nodeAt(target: EditTarget, node: Node | null | undefined): Located {
  const range = node?.range;
  return range ? { target, start: range[0], end: range[1] } : { target, start: 0, end: 0 };
}
