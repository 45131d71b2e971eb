import type { IToken } from 'chevrotain';
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

function find(tokens: readonly Token[], kind: TokenKind): Token | null {
  for (const t of tokens) if (t.kind === kind) return t;
  return null;
}

function buildLine(raw: RawLine, lineNo: number): Line {
  const tokens = raw.tokens.map(toToken);
  const first = tokens[0];
  const last = tokens[tokens.length - 1];
  const base = {
    line: lineNo,
    start: first?.start ?? 0,
    end: last?.end ?? 0,
    tokens,
    newline: find(tokens, 'newline'),
  };
  switch (raw.shape) {
    case 'blank':
    case 'indented-blank':
      return { ...base, kind: 'blank', indent: find(tokens, 'indent') };
    case 'comment':
    case 'indented-comment':
      return { ...base, kind: 'comment', indent: find(tokens, 'indent'), comment: find(tokens, 'comment') as Token };
    case 'command': {
      const keyword = find(tokens, 'command') as Token;
      return {
        ...base,
        kind: 'command',
        keyword,
        separator: find(tokens, 'command-separator'),
        argument: find(tokens, 'command-argument'),
        name: keyword.text.slice(1).toLowerCase(),
      };
    }
    case 'header':
      return {
        ...base,
        kind: 'header',
        open: find(tokens, 'header-open') as Token,
        name: find(tokens, 'section-name'),
        close: find(tokens, 'header-close'),
        rest: find(tokens, 'header-rest'),
      };
    case 'entry':
      return {
        ...base,
        kind: 'entry',
        indent: find(tokens, 'indent'),
        key: find(tokens, 'key') as Token,
        separator: find(tokens, 'separator'),
        value: find(tokens, 'value'),
        trailing: find(tokens, 'trailing'),
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
