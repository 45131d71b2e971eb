import type { Node } from 'yaml';
import type { EmbeddedConfig, ValuesText } from '../discover/discovery-types.js';
import type { EditTarget, Located } from './types.js';
import { LineIndex } from '../source/line-index.js';
import { decodedLineWords } from '../yaml/base64-map.js';

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

/** The target of chart values written as a string of a file (offsets in the string's text). */
export function valuesTarget(values: ValuesText): EditTarget {
  return { id: values.id, path: values.path, text: values.text, toOuter: values.map.toOuter, mapEdits: values.map.mapEdits };
}

/** Where the nodes of a set of chart values (or an input they render) are: the file, or their values string. */
export function targetIn(file: EditTarget, text: ValuesText | undefined): EditTarget {
  return text ? valuesTarget(text) : file;
}

/**
 * The target of a discovered config: its text, mapped to its file through
 * the config's OffsetMap; for a config inside a values string, mapped into
 * that string first (its parent).
 */
export function configTarget(config: EmbeddedConfig): EditTarget {
  if (config.within) {
    return { id: config.id, path: config.path, text: config.text, toOuter: config.map.toOuter, mapEdits: config.within.map.mapEdits, parent: valuesTarget(config.within.text) };
  }
  if (config.encoding === 'base64') {
    // The line of every finding's offset, from one index of the text (a big config has many findings).
    let lines: LineIndex | undefined;
    const note = (o: number): string => decodedLineWords((lines ??= new LineIndex(config.text)).position(Math.max(0, Math.min(o, config.text.length))).line);
    return { id: config.id, path: config.path, text: config.text, toOuter: config.map.toOuter, mapEdits: config.map.mapEdits, note };
  }
  return { id: config.id, path: config.path, text: config.text, toOuter: config.map.toOuter, mapEdits: config.map.mapEdits };
}

/** The range of a YAML node (start..value end); an empty range at 0 for a node without one. */
export function nodeAt(target: EditTarget, node: Node | null | undefined): Located {
  const range = node?.range;
  return range ? { target, start: range[0], end: range[1] } : { target, start: 0, end: 0 };
}
