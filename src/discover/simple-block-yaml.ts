/**
 * A reader of the plainest YAML only: one document of block mappings and block
 * sequences, keys plain words, values plain single-line scalars or quoted ones
 * without escapes, comments on their own lines or after a value. Anything else
 * (flow collections, anchors, aliases, tags, block or multi-line scalars,
 * quoted keys, any character but printable ASCII (tabs, CR, a BOM), directives, `---`, a duplicate key, an
 * irregular indentation) is refused: the reader answers undefined and the
 * caller parses the text with the yaml package. What it accepts, the yaml
 * package reads without error into the same tree (test/discover/simple-block-yaml.test.ts
 * holds both readers to that).
 *
 * Why: the CLI reads every kustomization of a tree for the paths it names
 * (kustomization.ts `kustomizationReferences`); a full parse of each was ~18%
 * of a GitOps tree's main thread (issue #14), and almost all of them are this
 * plain.
 */

/** A scalar: its text as written (quotes removed), and whether the core schema could read it as other than a string. */
export interface SimpleScalar {
  readonly text: string;
  /** A plain scalar that could be a number, a boolean or a null (`1.10`, `true`, `~`): only its text as written is known here. */
  readonly typed: boolean;
}

export type SimpleNode = SimpleScalar | null | SimpleNode[] | Map<string, SimpleNode>;

interface Line {
  indent: number;
  text: string;
}

/** Thrown inside the reader for anything it does not read; caught by readSimpleBlockYaml. */
class NotSimple extends Error {}

/** Keys: a plain word (no quotes, no `: `), never one the core schema reads as a boolean or a null. */
const KEY = /^([A-Za-z][A-Za-z0-9_./-]*):(?: (.*))?$/; // the value's leading blanks trimmed after (` +(.*)` is polynomial: redos-static)
const NOT_STRING_KEY = /^(?:true|True|TRUE|false|False|FALSE|null|Null|NULL)$/;
/** A plain scalar: a safe first character, then no indicator that starts anything else. */
const PLAIN = /^[A-Za-z0-9_./][A-Za-z0-9_./=@+?&:,%~$() -]*$/;
/** What the core schema may read as a null, a boolean or a number: its value is not its text. */
const MAYBE_TYPED = /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|[-+]?[.0-9][A-Za-z0-9.+-]*)$/;
/** yaml refuses an implicit key longer than this (1024 characters, with margin). */
const MAX_KEY = 1000;

function scalar(raw: string): SimpleScalar | null {
  if (raw.startsWith('"') || raw.startsWith("'")) {
    const q = raw[0] as string;
    const end = raw.indexOf(q, 1);
    if (end < 0) throw new NotSimple();
    const inner = raw.slice(1, end);
    if (q === '"' && inner.includes('\\')) throw new NotSimple();
    const after = raw.slice(end + 1);
    if (after !== '' && !/^ +(#.*)?$/.test(after)) throw new NotSimple();
    return { text: inner, typed: false };
  }
  const hash = raw.indexOf(' #');
  const text = (hash >= 0 ? raw.slice(0, hash) : raw).trimEnd();
  if (text === '' || !PLAIN.test(text) || text.endsWith(':') || text.includes(': ') || text.includes('  ')) throw new NotSimple();
  if (/^(?:~|null|Null|NULL)$/.test(text)) return null;
  return { text, typed: MAYBE_TYPED.test(text) };
}

class Reader {
  private i = 0;
  constructor(private readonly lines: Line[]) {}

  document(): Map<string, SimpleNode> {
    const first = this.lines[0];
    if (first === undefined || first.indent !== 0) throw new NotSimple();
    const map = this.map(0);
    if (this.i !== this.lines.length) throw new NotSimple();
    return map;
  }

  /** A block mapping whose keys sit at column `indent`. */
  private map(indent: number): Map<string, SimpleNode> {
    const out = new Map<string, SimpleNode>();
    for (let line = this.lines[this.i]; line !== undefined; line = this.lines[this.i]) {
      if (line.indent < indent) break;
      if (line.indent > indent) throw new NotSimple();
      const m = KEY.exec(line.text);
      if (m === null) {
        // A sequence at the mapping's own column belongs to a key without a value (handled there): anything else is not ours.
        throw new NotSimple();
      }
      const key = m[1] as string;
      if (key.length > MAX_KEY || NOT_STRING_KEY.test(key) || out.has(key)) throw new NotSimple();
      const rest = (m[2] ?? '').trimStart();
      this.i++;
      if (rest !== '' && !rest.startsWith('#')) {
        out.set(key, scalar(rest));
        continue;
      }
      const next = this.lines[this.i];
      if (next !== undefined && next.indent > indent) out.set(key, next.text.startsWith('- ') ? this.seq(next.indent) : this.map(next.indent));
      else if (next !== undefined && next.indent === indent && next.text.startsWith('- ')) out.set(key, this.seq(indent));
      else out.set(key, null);
    }
    return out;
  }

  /** A block sequence whose `- ` sit at column `indent`; ends at the first line there that is no item. */
  private seq(indent: number): SimpleNode[] {
    const out: SimpleNode[] = [];
    for (let line = this.lines[this.i]; line !== undefined; line = this.lines[this.i]) {
      if (line.indent < indent) break;
      if (line.indent > indent) throw new NotSimple();
      if (!line.text.startsWith('- ')) break;
      const after = line.text.slice(2);
      const rest = after.trimStart();
      if (rest === '' || rest.startsWith('#')) throw new NotSimple();
      if (KEY.test(rest)) {
        // `- key: value`: a mapping at the key's column, its first line this one.
        const column = indent + 2 + (after.length - rest.length);
        this.lines[this.i] = { indent: column, text: rest };
        out.push(this.map(column));
        continue;
      }
      this.i++;
      out.push(scalar(rest));
    }
    return out;
  }
}

/**
 * The text's one document as a tree (a mapping at its root), or undefined when the text is more than this reader
 * reads (see above): then only the yaml package may say what it holds.
 */
export function readSimpleBlockYaml(text: string): Map<string, SimpleNode> | undefined {
  // Printable ASCII only: no tab, CR, BOM, NBSP or other character a trim would take for a space and YAML not.
  if (/[^\x20-\x7E\n]/.test(text)) return undefined;
  const lines: Line[] = [];
  for (const raw of text.split('\n')) {
    const text = raw.trimEnd();
    const body = text.trimStart();
    if (body === '' || body.startsWith('#')) continue;
    lines.push({ indent: text.length - body.length, text: body });
  }
  try {
    return new Reader(lines).document();
  } catch (error) {
    if (error instanceof NotSimple) return undefined;
    throw error;
  }
}
