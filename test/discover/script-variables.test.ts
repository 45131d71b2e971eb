import { describe, expect, it } from 'vitest';
import { dockerParserVariables } from '../../src/discover/script-variables.js';

/*
 * Make and shell variables carrying `docker` into a parser position
 * (src/discover/script-variables.ts); whole runs:
 * fixtures/sources/foreign-languages/make-variable-parser.
 */

const found = (text: string) => dockerParserVariables(text).map((v) => `${v.name}@${text.slice(v.start, v.end)}:${v.useLine} ${v.use}`);

describe('dockerParserVariables', () => {
  it.each([
    ['Make ?=', 'P ?= docker\nx:\n\thelm --set "Parser $(P)"\n', ['P@docker:3 Parser $(P)']],
    ['Make := quoted, export', 'export P := "docker"\nS = --set input.tail.parser=${P}\n', ['P@docker:2 input.tail.parser=${P}']],
    ['shell, after a \\n escape', "P=docker\nhelm --set 'config.inputs=[INPUT]\\nParser $P'\n", ['P@docker:2 Parser $P']],
    ['YAML key', 'P=docker\ncat <<EOF\n  parser: $P\nEOF\n', ['P@docker:3 parser: $P']],
    ['a default in place', 'helm --set "config.inputs=Parser ${X:-docker}"\n', ['X@docker:1 Parser ${X:-docker}']],
  ])('%s', (_name, text, expected) => {
    expect(found(text)).toEqual(expected);
  });

  it.each([
    ['used elsewhere', 'P ?= docker\nREG = $(P)/x\n'],
    ['multiline.parser', 'P = docker\nS = multiline.parser $(P)\n'],
    ['a commented use', 'P = docker\n#  Parser $(P)\n'],
    ['another value', 'P = cri\nS = Parser $(P)\n'],
    ['a longer name that shares a prefix', 'P = docker\nS = Parser $PX\n'],
  ])('nothing for %s', (_name, text) => {
    expect(found(text)).toEqual([]);
  });
});
