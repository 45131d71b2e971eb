import type { IToken } from './chevrotain.js';
import type { RawLine } from './parser.js';
import { sectionTypeOf } from './section-type.js';
import type {
  ConfigTree, EntryLine, HeaderLine, Line, SectionNode, Token, TokenKind,
} from './syntax-tree.js';

/*
 * Chevrotain tokens -> our ordered, typed tree. The only file that sees
 * Chevrotain's IToken. Converts inclusive endOffset to half-open offsets.
 */

const KIND_BY_TOKEN: Readonly<Record<string, TokenKind>> = {
  Newline: 'newline',
  PopNewline: 'newline',
  Bom: 'bom',
  Comment: 'comment',
  CommandKeyword: 'command',
  CommandSeparator: 'command-separator',
  CommandArgument: 'command-argument',
  HeaderOpen: 'header-open',
  SectionName: 'section-name',
  HeaderClose: 'header-close',
  HeaderRest: 'header-rest',
  Indent: 'indent',
  Key: 'key',
  Separator: 'separator',
  Value: 'value',
  Trailing: 'trailing',
};

function toToken(t: IToken): Token {
  const kind = KIND_BY_TOKEN[t.tokenType.name];
  if (kind === undefined) throw new Error(`unknown token type ${t.tokenType.name}`);
  return { kind, start: t.startOffset, end: t.startOffset + t.image.length, text: t.image };
}

function buildLine(raw: RawLine, lineNo: number): Line {
  // One pass over the line's tokens; object literals are built with all
  // their fields at once (no spreads) to keep V8's shapes stable.
  const tokens: Token[] = new Array<Token>(raw.tokens.length);
  let newline: Token | null = null;
  let indent: Token | null = null;
  let comment: Token | null = null;
  let a: Token | null = null; // key | command | header-open
  let b: Token | null = null; // separator | command-separator | section-name
  let c: Token | null = null; // value | command-argument | header-close
  let d: Token | null = null; // trailing | header-rest
  for (let i = 0; i < raw.tokens.length; i++) {
    const t = toToken(raw.tokens[i] as IToken);
    tokens[i] = t;
    switch (t.kind) {
      case 'newline': newline = t; break;
      case 'indent': indent = t; break;
      case 'comment': comment = t; break;
      case 'key': case 'command': case 'header-open': a = t; break;
      case 'separator': case 'command-separator': case 'section-name': b = t; break;
      case 'value': case 'command-argument': case 'header-close': c = t; break;
      case 'trailing': case 'header-rest': d = t; break;
      case 'bom': break;
    }
  }
  const start = tokens[0]?.start ?? 0;
  const end = tokens[tokens.length - 1]?.end ?? 0;
  switch (raw.shape) {
    case 'blank':
    case 'indented-blank':
      return { kind: 'blank', line: lineNo, start, end, tokens, newline, indent };
    case 'comment':
    case 'indented-comment':
      return { kind: 'comment', line: lineNo, start, end, tokens, newline, indent, comment: comment as Token };
    case 'command': {
      const keyword = a as Token;
      return {
        kind: 'command', line: lineNo, start, end, tokens, newline,
        keyword, separator: b, argument: c, name: keyword.text.slice(1).toLowerCase(),
      };
    }
    case 'header':
      return { kind: 'header', line: lineNo, start, end, tokens, newline, open: a as Token, name: b, close: c, rest: d };
    case 'entry':
      return {
        kind: 'entry', line: lineNo, start, end, tokens, newline, indent, key: a as Token, separator: b, value: c, trailing: d,
      } satisfies EntryLine;
  }
}

/** Fluent Bit's indent string: the first char plus the run of blanks after it. */
function indentStringOf(text: string, line: Line): string | null {
  if (line.kind === 'header' || line.kind === 'command') return null;
  if (line.kind === 'blank' && line.indent === null) return null;
  if (line.kind === 'comment' && line.indent === null) return null;
  // An unindented key would make Fluent Bit take its first letter as the
  // indent; it is reported as MISSING_INDENT, so the indent comes from the
  // next properly indented line instead (validate.ts does the same).
  if (line.kind === 'entry' && line.indent === null) return null;
  let i = line.start + 1;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  return text.slice(line.start, i);
}

export function buildTree(text: string, bom: IToken | null, rawLines: readonly RawLine[]): ConfigTree {
  const lines: Line[] = [];
  // Physical line numbers: count breaks (the BOM shares line 1).
  let lineNo = 1;
  for (const raw of rawLines) {
    const line = buildLine(raw, lineNo);
    lines.push(line);
    if (line.newline) lineNo++;
  }

  const preamble: Line[] = [];
  const sections: SectionNode[] = [];
  let current: { header: HeaderLine; lines: Line[] } | null = null;
  const close = (): void => {
    if (!current) return;
    const { header } = current;
    const name = header.name?.text ?? '';
    const lastLine = current.lines[current.lines.length - 1] ?? header;
    sections.push({
      kind: 'section', header, name, type: sectionTypeOf(name), lines: current.lines, start: header.start, end: lastLine.end,
    });
  };
  let indent: string | null = null;
  for (const line of lines) {
    if (indent === null) indent = indentStringOf(text, line);
    if (line.kind === 'header') {
      close();
      current = { header: line, lines: [] };
    } else if (current) current.lines.push(line);
    else preamble.push(line);
  }
  close();

  return {
    kind: 'config',
    text,
    bom: bom ? toToken(bom) : null,
    lines,
    preamble,
    sections,
    indent,
  };
}
