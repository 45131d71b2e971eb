import { EmbeddedActionsParser, skipGrammarValidations, type IToken } from './chevrotain.js';
import {
  allTokens, Bom, Comment, CommandArgument, CommandKeyword, CommandSeparator, HeaderClose, HeaderOpen,
  HeaderRest, Indent, Key, Newline, PopNewline, SectionName, Separator, Trailing, Value,
} from './tokens.js';

/** The raw tokens of one physical line, as matched by the grammar. */
export interface RawLine {
  readonly shape: 'blank' | 'comment' | 'command' | 'header' | 'entry' | 'indented-blank' | 'indented-comment';
  readonly tokens: readonly IToken[];
}

/**
 * Grammar for the classic format (rules only; build-tree.ts gives them
 * meaning):
 *
 *   configFile  := Bom? line*
 *   line        := Newline
 *                | Comment Newline?
 *                | CommandKeyword (CommandSeparator CommandArgument?)? PopNewline?
 *                | HeaderOpen SectionName? (HeaderClose HeaderRest?)? PopNewline?
 *                | Indent (Comment | entryBody)? (Newline | PopNewline)?
 *                | entryBody PopNewline?
 *   entryBody   := Key (Trailing | Separator Value Trailing?)?
 *
 * Embedded actions (no CST) keep the parse allocation-light; the actions only
 * collect tokens per line, so no Chevrotain type escapes src/grammar.
 * Error recovery stays off: the lexer guarantees shapes this grammar accepts.
 */
class ClassicConfigParser extends EmbeddedActionsParser {
  constructor() {
    super(allTokens as never, { recoveryEnabled: false, maxLookahead: 2, skipValidations: skipGrammarValidations() });
    this.performSelfAnalysis();
  }

  public configFile = this.RULE('configFile', (): { bom: IToken | null; lines: RawLine[] } => {
    let bom: IToken | null = null;
    const lines: RawLine[] = [];
    this.OPTION(() => {
      bom = this.CONSUME(Bom);
    });
    this.MANY(() => {
      lines.push(this.SUBRULE(this.line));
    });
    return { bom, lines };
  });

  private line = this.RULE('line', (): RawLine => {
    const tokens: IToken[] = [];
    const shape = this.OR([
      { ALT: () => { tokens.push(this.CONSUME(Newline)); return 'blank' as const; } },
      { ALT: () => this.SUBRULE(this.commentLine, { ARGS: [tokens] }) },
      { ALT: () => this.SUBRULE(this.commandLine, { ARGS: [tokens] }) },
      { ALT: () => this.SUBRULE(this.headerLine, { ARGS: [tokens] }) },
      { ALT: () => this.SUBRULE(this.indentedLine, { ARGS: [tokens] }) },
      {
        ALT: () => {
          this.SUBRULE(this.entryBody, { ARGS: [tokens] });
          this.OPTION(() => { tokens.push(this.CONSUME(PopNewline)); });
          return 'entry' as const;
        },
      },
    ]);
    return { shape, tokens };
  });

  private commentLine = this.RULE('commentLine', (tokens: IToken[] = []): RawLine['shape'] => {
    tokens.push(this.CONSUME(Comment));
    this.OPTION(() => { tokens.push(this.CONSUME(Newline)); });
    return 'comment';
  });

  private commandLine = this.RULE('commandLine', (tokens: IToken[] = []): RawLine['shape'] => {
    tokens.push(this.CONSUME(CommandKeyword));
    this.OPTION(() => {
      tokens.push(this.CONSUME(CommandSeparator));
      this.OPTION2(() => { tokens.push(this.CONSUME(CommandArgument)); });
    });
    this.OPTION3(() => { tokens.push(this.CONSUME(PopNewline)); });
    return 'command';
  });

  private headerLine = this.RULE('headerLine', (tokens: IToken[] = []): RawLine['shape'] => {
    tokens.push(this.CONSUME(HeaderOpen));
    this.OPTION(() => { tokens.push(this.CONSUME(SectionName)); });
    this.OPTION2(() => {
      tokens.push(this.CONSUME(HeaderClose));
      this.OPTION3(() => { tokens.push(this.CONSUME(HeaderRest)); });
    });
    this.OPTION4(() => { tokens.push(this.CONSUME(PopNewline)); });
    return 'header';
  });

  private indentedLine = this.RULE('indentedLine', (tokens: IToken[] = []): RawLine['shape'] => {
    tokens.push(this.CONSUME(Indent));
    let shape: RawLine['shape'] = 'indented-blank';
    this.OPTION(() => {
      this.OR([
        { ALT: () => { tokens.push(this.CONSUME(Comment)); shape = 'indented-comment'; } },
        { ALT: () => { this.SUBRULE(this.entryBody, { ARGS: [tokens] }); shape = 'entry'; } },
      ]);
    });
    this.OPTION2(() => {
      this.OR2([
        { ALT: () => { tokens.push(this.CONSUME(Newline)); } },
        { ALT: () => { tokens.push(this.CONSUME(PopNewline)); } },
      ]);
    });
    return shape;
  });

  private entryBody = this.RULE('entryBody', (tokens: IToken[] = []) => {
    tokens.push(this.CONSUME(Key));
    this.OPTION(() => {
      this.OR([
        { ALT: () => { tokens.push(this.CONSUME(Trailing)); } },
        {
          ALT: () => {
            tokens.push(this.CONSUME(Separator));
            tokens.push(this.CONSUME(Value));
            this.OPTION2(() => { tokens.push(this.CONSUME2(Trailing)); });
          },
        },
      ]);
    });
  });
}

/** The one parser instance, built once at module load. */
export const parser = new ClassicConfigParser();
