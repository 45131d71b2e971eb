import type { IToken } from './chevrotain.js';
import type { RawLine } from './parser.js';
import { cLower, type TextLayout } from './reader.js';
import { sectionTypeOf } from './section-type.js';
import type {
  ConfigTree, EntryLine, HeaderLine, Line, SectionNode, Token, TokenKind,
} from './syntax-tree.js';

/*
 * Chevrotain tokens -> our ordered, typed tree. The only file that sees
 * Chevrotain's IToken. The lexer ran on the layout's logical text
 * (reader.ts); token offsets are mapped back to the source here, so a token
 * that spans a NUL gap covers the gap's bytes but keeps the logical text.
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

type ToSource = ((logical: number) => number) | null;

function toToken(t: IToken, toSource: ToSource): Token {
  const kind = KIND_BY_TOKEN[t.tokenType.name];
  if (kind === undefined) throw new Error(`unknown token type ${t.tokenType.name}`);
  const end = t.startOffset + t.image.length;
  if (toSource === null) return { kind, start: t.startOffset, end, text: t.image };
  return { kind, start: toSource(t.startOffset), end: toSource(end), text: t.image };
}

function buildLine(raw: RawLine, lineNo: number, readerLine: number, toSource: ToSource): Line {
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
    const t = toToken(raw.tokens[i] as IToken, toSource);
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
      return { kind: 'blank', line: lineNo, readerLine, start, end, tokens, newline, indent };
    case 'comment':
    case 'indented-comment':
      return { kind: 'comment', line: lineNo, readerLine, start, end, tokens, newline, indent, comment: comment as Token };
    case 'command': {
      const keyword = a as Token;
      return {
        kind: 'command', line: lineNo, readerLine, start, end, tokens, newline,
        keyword, separator: b, argument: c, name: cLower(keyword.text.slice(1)),
      };
    }
    case 'header':
      return { kind: 'header', line: lineNo, readerLine, start, end, tokens, newline, open: a as Token, name: b, close: c, rest: d };
    case 'entry':
      return {
        kind: 'entry', line: lineNo, readerLine, start, end, tokens, newline, indent, key: a as Token, separator: b, value: c, trailing: d,
      } satisfies EntryLine;
  }
}

/**
 * The indent for entries: the leading blanks of the first indented line
 * Fluent Bit checks (entry, whitespace-only or indented comment). An
 * unindented key would make Fluent Bit take its first character as the
 * indent; validate.ts reports that (MISSING_INDENT), and the indent for
 * edits comes from the first properly indented line instead.
 */
function indentStringOf(line: Line): string | null {
  if (line.kind === 'header' || line.kind === 'command') return null;
  return line.indent?.text ?? null;
}

export function buildTree(text: string, layout: TextLayout, bom: IToken | null, rawLines: readonly RawLine[]): ConfigTree {
  const lines: Line[] = [];
  const toSource: ToSource = layout.logical === text ? null : layout.toSource;
  // Physical line numbers count `\n` in the source (the BOM shares line 1);
  // reader line numbers count the lines Fluent Bit's loop sees.
  let lineNo = 1;
  let readerLine = 1;
  let counted = 0; // source offset up to which `\n`s are counted
  for (const raw of rawLines) {
    let line: Line;
    if (toSource === null) {
      line = buildLine(raw, lineNo, lineNo, null);
      if (line.newline) lineNo++;
    } else {
      const first = raw.tokens[0] as IToken;
      const start = first.startOffset === 0 ? 0 : toSource(first.startOffset);
      for (let i = text.indexOf('\n', counted); i >= 0 && i < start; i = text.indexOf('\n', i + 1)) lineNo++;
      counted = start;
      line = buildLine(raw, lineNo, readerLine, toSource);
    }
    lines.push(line);
    readerLine++;
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
    if (indent === null) indent = indentStringOf(line);
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
    bom: bom ? toToken(bom, toSource) : null,
    lines,
    unread: layout.dropped ? [...layout.gaps, layout.dropped] : layout.gaps,
    overflow: layout.overflow,
    preamble,
    sections,
    indent,
  };
}
