import { int32s } from '../source/off-heap.js';
/*
 * The compact form of a lexed file: one record of 8 int32 per line in a
 * typed array, instead of a token object per part of a line.
 *
 * A line is six contiguous parts between seven boundaries, all offsets into
 * the text the lexer read (the layout's logical text, reader.ts). An empty
 * part is an absent token (the lexer never produces empty tokens):
 *
 *   START [indent] P1 [a] P2 [b] P3 [c] P4 [d] P5 [newline] END
 *
 * | kind    | indent | a        | b                 | c                | d        |
 * |---------|--------|----------|-------------------|------------------|----------|
 * | blank   | indent |          |                   |                  |          |
 * | comment | indent | comment  |                   |                  |          |
 * | command |        | keyword  | command-separator | command-argument |          |
 * | header  |        | `[`      | section name      | `]`              | rest     |
 * | entry   | indent | key      | separator         | value            | trailing |
 *
 * P5 is where the line's content ends (the newline token starts there, or
 * the text ends). The KIND slot also flags an indent holding a tab.
 */

export const BLANK = 0;
export const COMMENT = 1;
export const COMMAND = 2;
export const HEADER = 3;
export const ENTRY = 4;

/** The KIND slot holds the kind in its low bits and flags above them. */
export const KIND_MASK = 7;
/** Flag of the KIND slot: the line's indent holds a tab. */
export const INDENT_HAS_TAB = 8;

/** Record slots. */
export const KIND = 0;
export const START = 1;
export const P1 = 2;
export const P2 = 3;
export const P3 = 4;
export const P4 = 5;
export const P5 = 6;
export const END = 7;
export const STRIDE = 8;

/** The records of one lexed text: `count` records from offset `base` of `data` (a buffer it may share). */
export interface LineRecords {
  readonly data: Int32Array;
  readonly base: number;
  readonly count: number;
}

/**
 * Small files share slabs: one Int32Array allocation (an off-heap buffer,
 * the costliest part of lexing a small file) serves many files, each
 * reading its own part (LineRecords.base). A tree therefore keeps at most
 * one slab (64 KB) alive besides its text. Files of more than about 1,000
 * lines get a buffer of their own, sized by the lexer's guess and doubled
 * when it was short.
 */
const SLAB_LENGTH = 1 << 14;

/** Appends line records; one instance, reused (lexing is synchronous). */
export class RecordWriter {
  #slab = new Int32Array(SLAB_LENGTH);
  /** Where the next file starts in the slab. */
  #slabUsed = 0;
  /** The buffer being written and where this file's records start in it. */
  data: Int32Array = this.#slab;
  #base = 0;
  /** Offset of the next record. */
  #next = 0;

  /** Starts the records of a text with about `estimate` lines. */
  begin(estimate: number): void {
    const want = estimate * STRIDE;
    if (want > SLAB_LENGTH >> 1) {
      this.data = int32s(want);
      this.#base = 0;
    } else {
      if (this.#slabUsed + want > SLAB_LENGTH) {
        this.#slab = new Int32Array(SLAB_LENGTH);
        this.#slabUsed = 0;
      }
      this.data = this.#slab;
      this.#base = this.#slabUsed;
    }
    this.#next = this.#base;
  }

  /** Offset in `data` of a new record's first slot (the record is not initialised). */
  push(): number {
    const o = this.#next;
    if (o + STRIDE > this.data.length) this.#grow();
    this.#next += STRIDE;
    return this.#next - STRIDE;
  }

  #grow(): void {
    const used = this.#next - this.#base;
    const grown = int32s(Math.max(used * 2, SLAB_LENGTH));
    grown.set(this.data.subarray(this.#base, this.#next));
    this.data = grown;
    this.#base = 0;
    this.#next = used;
  }

  /**
   * The records written since begin(). A buffer of its own that is more
   * than a quarter empty is copied to one of the exact size (the guess of
   * one line per 16 characters is ~1.5x the lines of a typical config, and
   * a tree keeps its records as long as it lives: memory, issue #14).
   */
  finish(): LineRecords {
    const count = (this.#next - this.#base) / STRIDE;
    let { data } = this;
    if (data === this.#slab) this.#slabUsed = this.#next;
    else if (this.#next < data.length * 0.75) {
      const exact = int32s(this.#next - this.#base);
      exact.set(data.subarray(this.#base, this.#next));
      data = exact;
    }
    const records = { data, base: data === this.data ? this.#base : 0, count };
    this.data = this.#slab;
    return records;
  }
}
