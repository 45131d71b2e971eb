import type { Line } from '../grammar/syntax-tree.js';
import { newlineWidth } from '../grammar/compact-tree.js';
import { entryKeyStart, type EntryModel } from '../model/config-model.js';
import type { Edit } from '../source/edit.js';

/*
 * Minimal text edits on classic entries. They replace tokens, never whole
 * sections, copy the user's key/value alignment, and never write
 * whitespace-only lines or inline comments.
 */

/** The column (0-based, from the line start) at which the entry's value starts. */
function valueColumn(e: EntryModel): number {
  return e.valueStart - e.line.start;
}

/**
 * Replaces key and value of an entry in place, keeping the value's column
 * when the new key fits (at least one space otherwise).
 */
export function replaceEntry(e: EntryModel, key: string, value: string, origin: string): Edit {
  const keyStart = entryKeyStart(e);
  const keyCol = keyStart - e.line.start;
  const pad = Math.max(1, valueColumn(e) - keyCol - key.length);
  return { start: keyStart, end: e.valueEnd, text: `${key}${' '.repeat(pad)}${value}`, origin };
}

/** Replaces just the value of an entry. */
export function replaceValue(e: EntryModel, value: string, origin: string): Edit {
  return { start: e.valueStart, end: e.valueEnd, text: value, origin };
}

/**
 * Deletes the entry's whole line, line break included. For a last line
 * without a line break, the previous line's break goes instead, so the file
 * still ends the way it did. `linesOf` gives the tree's lines (built only
 * for that case).
 */
export function removeEntryLine(e: EntryModel, linesOf: () => readonly Line[], origin: string): Edit {
  const line = e.line;
  if (newlineWidth(line) > 0) return { start: line.start, end: line.end, text: '', origin }; // without building the line's tokens
  const lines = linesOf(); // every line of the tree: only for a last line
  const idx = lines.indexOf(line);
  const prev = idx > 0 ? lines[idx - 1] : undefined;
  if (prev?.newline) return { start: prev.newline.start, end: line.end, text: '', origin };
  return { start: line.start, end: line.end, text: '', origin };
}

/** Inserts a new `key value` line after an entry, with its indent and value column, in the file's newline style. */
export function insertEntryAfter(e: EntryModel, key: string, value: string, newline: string, origin: string): Edit {
  const line = e.line;
  const indent = line.indent?.text ?? '';
  const pad = Math.max(1, valueColumn(e) - indent.length - key.length);
  const text = `${indent}${key}${' '.repeat(pad)}${value}`;
  if (line.newline) return { start: line.end, end: line.end, text: `${text}${line.newline.text}`, origin };
  return { start: line.end, end: line.end, text: `${newline}${text}`, origin };
}

/**
 * Appends a block at the end of a config, separated from the last line by
 * one empty line, re-indented from 4 spaces to the config's indent and
 * written with its newline.
 */
export function appendBlock(text: string, block: string, indent: string, newline: string, origin: string): Edit {
  const body = block.replace(/^ {4}/gm, indent).replace(/\n/g, newline);
  let sep = '';
  if (text.length > 0) {
    if (!text.endsWith('\n')) sep = newline + newline;
    else if (!text.endsWith('\n\n') && !text.endsWith('\n\r\n')) sep = newline;
  }
  return { start: text.length, end: text.length, text: sep + body, origin };
}

/**
 * Inserts a block before the line at `lineStart` (a section header) and the
 * comment lines right above it, followed by one empty line, re-indented from
 * 4 spaces to the config's indent and written with its newline.
 */
export function insertBlockBefore(text: string, lineStart: number, block: string, indent: string, newline: string, origin: string): Edit {
  const body = block.replace(/^ {4}/gm, indent).replace(/\n/g, newline);
  let at = lineStart;
  while (at > 0) {
    const prevStart = text.lastIndexOf('\n', at - 2) + 1;
    if (!/^[ \t]*#/.test(text.slice(prevStart, at))) break;
    at = prevStart;
  }
  return { start: at, end: at, text: body + newline, origin };
}
