/**
 * A text edit: replace the half-open range `[start, end)` of the ORIGINAL
 * text with `text`. Insert: `start === end`. Delete: `text === ''`.
 * `origin` is the rule id (or component) that produced it, used in overlap
 * errors and reports.
 */
export interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly origin: string;
}
