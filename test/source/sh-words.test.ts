import { describe, expect, it } from 'vitest';
import { shCommands, shCommandWords, shTokens } from '../../src/source/sh-words.js';

/*
 * sh's token recognition and quote removal (POSIX XCU 2.2 Quoting, 2.3
 * Token Recognition), shared by container `sh -c` scripts
 * (src/deploy/command-line.ts) and helm command lines of scripts
 * (src/discover/shell-helm.ts). Each expectation is what `sh -c 'printf
 * "<%s>" ...'` prints for the same text (dash and bash agree on all of them).
 */

const commands = (script: string) => shCommands(script).map((c) => c.map((w) => w.value));
const tokens = (script: string) => shTokens(script).tokens.map((t) => (t.kind === 'word' ? t.value : `${t.kind}:${t.value}`));

describe('shTokens: quoting', () => {
  it.each([
    // Unquoted: `\` keeps the next character; `\`+newline is removed and the word goes on.
    ['fluent-bit -c /fluent-bit/etc/my\\ conf.conf', ['fluent-bit', '-c', '/fluent-bit/etc/my conf.conf']],
    ['fluent-bit -c /etc/fb\\\n.conf', ['fluent-bit', '-c', '/etc/fb.conf']],
    ['fluent-bit \\\n  -c /a.conf', ['fluent-bit', '-c', '/a.conf']],
    ['fluent-bit \\\r\n  -c /a.conf', ['fluent-bit', '-c', '/a.conf']],
    ['a\\b \\\\ \\"x\\"', ['ab', '\\', '"x"']],
    // Double quotes: `\` escapes only $ ` " \ and newline; before anything else it stays.
    ['"a\\"b" "\\$HOME" "c\\d" "e\\\\f" "g\\\nh"', ['a"b', '$HOME', 'c\\d', 'e\\f', 'gh']],
    // Single quotes: nothing is special, backslashes included.
    ["'a\\b' 'c\\' 'd\"e'", ['a\\b', 'c\\', 'd"e']],
    // Pieces of one word join.
    ['-c"/etc/my conf"\'.conf\'', ['-c/etc/my conf.conf']],
    ['--config=/etc/a\\ b.conf', ['--config=/etc/a b.conf']],
    // Substitutions stay whole, as written, quotes and spaces inside included.
    ['x=$(cat "/a b") ${V:-a b} "$(echo ")")"', ['x=$(cat "/a b")', '${V:-a b}', '$(echo ")")']],
    ['$((1 + (2 * 3)))', ['$((1 + (2 * 3)))']],
    // `#` starts a comment only at the start of a word.
    ['a#b c # d e\nf', ['a#b', 'c', 'control:\n', 'f']],
    ['"#" \\#x', ['#', '#x']],
  ])('%j', (script, expected) => {
    expect(tokens(script)).toEqual(expected);
  });

  it('reports what never closes', () => {
    expect(shTokens('a "b').complete).toBe(false);
    expect(shTokens("a 'b").complete).toBe(false);
    expect(shTokens('a $(b').complete).toBe(false);
    // A here-document the delimiter never ends runs to the end (dash and bash run it).
    expect(shTokens('cat <<EOF\nx\n').complete).toBe(true);
    expect(shTokens('a "b" \'c\' $(d) ${e}').complete).toBe(true);
  });

  it('gives the offsets of each raw word', () => {
    const script = 'exec  fluent-bit -c "/a b.conf"';
    const words = shTokens(script).tokens;
    expect(words.map((w) => script.slice(w.start, w.end))).toEqual(['exec', 'fluent-bit', '-c', '"/a b.conf"']);
  });
});

describe('shTokens: literal $', () => {
  it('marks a word whose $ and backquotes are all quoted by \'...\' or a backslash, not one with an expanding one', () => {
    const lit = (script: string) => shTokens(script).tokens.flatMap((t) => (t.kind === 'word' ? [`${t.value}:${t.literal === true}`] : []));
    expect(lit("a '$T' x\\$y \"p\\$q\" '`x`'")).toEqual(['a:false', '$T:true', 'x$y:true', 'p$q:true', '`x`:true']);
    expect(lit("$T \"$T\" '$a'$b \"$(x)\" ${y} a`b` \"`c`\"")).toEqual(['$T:false', '$T:false', '$a$b:false', '$(x):false', '${y}:false', 'a`b`:false', '`c`:false']);
    expect(shCommandWords("helm x '$T'", 0)?.map((w) => w.literal === true)).toEqual([false, false, true]);
    expect(shCommands("helm x '$T'")[0]?.map((w) => w.literal === true)).toEqual([false, false, true]);
  });
});

describe('shTokens: operators', () => {
  it.each([
    ['a;b&&c||d|e&f', ['a', 'control:;', 'b', 'control:&&', 'c', 'control:||', 'd', 'control:|', 'e', 'control:&', 'f']],
    ['(a) ; b', ['control:(', 'a', 'control:)', 'control:;', 'b']],
    ['a >/dev/null 2>&1 <in >>log', ['a', 'redirect:>', '/dev/null', 'redirect:2>&', '1', 'redirect:<', 'in', 'redirect:>>', 'log']],
    // Quoted digits are a word, not an IO number.
    ['a "2">x', ['a', '2', 'redirect:>', 'x']],
    ['a ";" \\& \'|\'', ['a', ';', '&', '|']],
  ])('%j', (script, expected) => {
    expect(tokens(script)).toEqual(expected);
  });

  it('skips here-document bodies, <<- with its leading tabs', () => {
    const script = "cat <<EOF >/a.conf\n[INPUT]\n  Path /var/log/fluent-bit\nEOF\ncat <<-'END'\n\tfluent-bit -c /no.conf\n\tEND\nexec fluent-bit -c /a.conf\n";
    expect(commands(script)).toEqual([['cat'], ['cat'], ['exec', 'fluent-bit', '-c', '/a.conf']]);
  });
});

describe('shCommands and shCommandWords', () => {
  it('splits commands at control operators and drops redirections with their targets', () => {
    expect(commands('mkdir -p /x; fluent-bit -c /a.conf 2>&1 | tee /log & wait\n# fluent-bit -c /b.conf\necho')).toEqual([
      ['mkdir', '-p', '/x'],
      ['fluent-bit', '-c', '/a.conf'],
      ['tee', '/log'],
      ['wait'],
      ['echo'],
    ]);
  });

  it('keeps the commands of the lines before one sh cannot parse', () => {
    expect(commands('fluent-bit -c /a.conf\necho "broken')).toEqual([['fluent-bit', '-c', '/a.conf']]);
    expect(commands('fluent-bit -c /a.conf; echo "broken')).toEqual([]);
  });

  it('reads one command from an offset, up to its end', () => {
    const text = 'x; helm template r c > out.yaml # c2\nnext';
    expect(shCommandWords(text, 3)?.map((w) => w.value)).toEqual(['helm', 'template', 'r', 'c']);
    expect(shCommandWords('y=`helm template r c` z', 3, { endAtBackquote: true })?.map((w) => w.value)).toEqual(['helm', 'template', 'r', 'c']);
    expect(shCommandWords('helm "x', 0)).toBeUndefined();
  });
});
