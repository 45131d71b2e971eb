import { EmbeddedActionsParser, skipGrammarValidations } from './chevrotain.js';
import { allTokens, Bom, BodyLine, HeaderLine } from './tokens.js';

/** The file's structure as the grammar matched it (counts of line tokens, in order). */
export interface FileShape {
  /** A BOM token comes first. */
  readonly bom: boolean;
  /** Lines before the first section header. */
  readonly preamble: number;
  /** For each section, in order: the number of lines after its header. */
  readonly sections: readonly number[];
}

/**
 * Grammar for the classic format, over line tokens (tokens.ts: one token per
 * line, typed by its shape):
 *
 *   configFile := Bom? BodyLine* section*
 *   section    := HeaderLine BodyLine*
 *   BodyLine   := EntryLine | BlankLine | CommentLine | CommandLine   (a token category)
 *
 * Embedded actions (no CST) only count lines; the parts of each line are in
 * the lexer's line records, so no Chevrotain type escapes src/grammar.
 * Error recovery stays off: the lexer guarantees token sequences this
 * grammar accepts.
 */
class ClassicConfigParser extends EmbeddedActionsParser {
  constructor() {
    super(allTokens as never, { recoveryEnabled: false, maxLookahead: 1, skipValidations: skipGrammarValidations() });
    this.performSelfAnalysis();
  }

  public configFile = this.RULE('configFile', (): FileShape => {
    let bom = false;
    let preamble = 0;
    const sections: number[] = [];
    this.OPTION(() => {
      this.CONSUME(Bom);
      bom = true;
    });
    this.MANY(() => {
      this.CONSUME(BodyLine);
      preamble++;
    });
    this.MANY2(() => {
      sections.push(this.SUBRULE(this.section));
    });
    return { bom, preamble, sections };
  });

  private section = this.RULE('section', (): number => {
    let lines = 0;
    this.CONSUME(HeaderLine);
    this.MANY(() => {
      this.CONSUME2(BodyLine);
      lines++;
    });
    return lines;
  });
}

/** The one parser instance, built once at module load. */
export const parser = new ClassicConfigParser();
