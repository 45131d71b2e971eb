import { parseDocument, type YAMLMap } from 'yaml';
import { describe, expect, it } from 'vitest';
import { readStringList } from '../../src/discover/pod-templates.js';
import { configArg, fluentBitOptions, lastConfigAt, scriptConfigRange } from '../../src/deploy/command-line.js';

/*
 * Fluent Bit's argv read as its getopt_long reads it (fluent-bit.c: optstring
 * "b:c:dDf:C:i:m:o:R:F:p:e:t:T:l:vw:qVhJL:HP:s:SZ", long_opts, GNU
 * permutation), and the wrappers that set the directory it starts in.
 */

const line = (yaml: string, workingDir?: string) => {
  const root = parseDocument(yaml).contents as YAMLMap;
  return configArg(readStringList(root, 'command'), readStringList(root, 'args'), workingDir);
};

describe('fluentBitOptions', () => {
  it.each([
    // Attached and separate values, the last -c wins.
    [['-c', '/a.conf'], '/a.conf', 1],
    [['-c/a.conf'], '/a.conf', 0],
    [['--config', '/a.conf'], '/a.conf', 1],
    [['--config=/a.conf'], '/a.conf', 0],
    // A value-taking option takes the next word whatever it is.
    [['-p', '-c', '-c', '/a.conf'], '/a.conf', 3],
    [['-i', 'cpu', '-p', '-c'], undefined, undefined],
    [['-t', '--config=/x.conf'], undefined, undefined],
    // Clusters of flags ending in -c, with the value attached or next.
    [['-qc', '/a.conf'], '/a.conf', 1],
    [['-vvc', '/a.conf'], '/a.conf', 1],
    [['-qc/a.conf'], '/a.conf', 0],
    [['-vR/p.conf', '-c', '/a.conf'], '/a.conf', 2],
    // A cluster whose letter before c takes a value: the rest is that value.
    [['-wc', '/a.conf'], undefined, undefined],
    // Unambiguous prefixes of long names.
    [['--conf', '/a.conf'], '/a.conf', 1],
    [['--con=/a.conf'], '/a.conf', 0],
    // Ambiguous (--c: config, custom, coro_...): refused, no value taken.
    [['--c=/a.conf'], undefined, undefined],
    // -- ends the options; operands are skipped over (GNU permutation).
    [['--', '-c', '/a.conf'], undefined, undefined],
    [['-c', '/a.conf', '--', '-c', '/b.conf'], '/a.conf', 1],
    [['serve', '-c', '/a.conf'], '/a.conf', 2],
    [['-', '-c', '/a.conf'], '/a.conf', 2],
    // A -c without a value: none.
    [['-c'], undefined, undefined],
  ])('%j: -c %j', (words, path, index) => {
    const found = lastConfigAt(words);
    expect(found?.path).toBe(path);
    expect(found?.index).toBe(index);
  });

  it('gives every occurrence with its word', () => {
    expect(fluentBitOptions(['-qvR', 'p.conf', '--workdir=/w', '-Y', '--prop', 'x=1', 'op', '-Hc/a'])).toEqual([
      { key: 'q', value: undefined, at: 0, valueAt: undefined },
      { key: 'v', value: undefined, at: 0, valueAt: undefined },
      { key: 'R', value: 'p.conf', at: 0, valueAt: 1 },
      { key: 'w', value: '/w', at: 2, valueAt: 2 },
      { key: '', value: undefined, at: 3, valueAt: undefined, error: 'unknown' },
      { key: 'p', value: 'x=1', at: 4, valueAt: 5 },
      { key: 'H', value: undefined, at: 7, valueAt: undefined },
      { key: 'c', value: '/a', at: 7, valueAt: 7 },
    ]);
  });

  it.each([
    // glibc: a no-argument option given `=value`, a missing value, an ambiguous prefix, -X (long name only).
    [['--dry-run=1'], 'unexpected'],
    [['--config'], 'missing'],
    [['--http_=1'], 'ambiguous'],
    [['-X', '1'], 'unknown'],
  ])('refuses %j (%s)', (words, error) => {
    expect(fluentBitOptions(words)[0]?.error).toBe(error);
  });

  it('accepts a prefix all of whose matches are one option (glibc)', () => {
    // --http_s: http_server only; --ver: version and verbose differ.
    expect(fluentBitOptions(['--http_s'])[0]).toMatchObject({ key: 'H' });
    expect(fluentBitOptions(['--ver'])[0]).toMatchObject({ error: 'ambiguous' });
  });
});

describe('-w and -R read as getopt reads them', () => {
  it.each([
    ['args: ["-c", "a.conf", "-w/etc/agent"]', '/etc/agent', []],
    ['args: ["-c", "a.conf", "-qw", "/etc/agent", "-vR", "p.conf"]', '/etc/agent', ['p.conf']],
    ['args: ["-c", "a.conf", "--work=/etc/agent", "--pars", "/p.conf"]', '/etc/agent', ['/p.conf']],
    // -p's value is not an option; nothing after -- is.
    ['args: ["-c", "a.conf", "-p", "-w", "-m", "-R", "--", "-w", "/x", "-R", "/y"]', undefined, []],
  ])('%s', (yaml, workdir, parsers) => {
    expect(line(yaml)).toMatchObject({ workdir, parsersFiles: parsers });
  });

  it('reads a script\'s Fluent Bit options the same way', () => {
    expect(line('command: ["sh", "-c", "exec fluent-bit -qc fluent-bit.conf -w/etc/agent -p -R"]')).toMatchObject({ path: 'fluent-bit.conf', workdir: '/etc/agent', parsersFiles: [] });
    expect(scriptConfigRange('exec fluent-bit -vvc /a.conf -p -c')).toMatchObject({ path: '/a.conf', start: 21, end: 28 });
  });
});

describe('wrappers', () => {
  it.each([
    // (workingDir /etc.) sudo: options with values, NAME=value words, --, -E; -D/--chdir sets the start directory.
    ['command: ["sudo", "-u", "fluent", "-E", "/fluent-bit/bin/fluent-bit", "-c", "/a.conf"]', '/a.conf', '/etc'],
    ['command: ["sudo", "-ufluent", "-g", "adm", "-C", "5", "-p", "x", "-r", "r", "-t", "t", "-T", "1m", "LANG=C", "--", "fluent-bit", "-c", "/a.conf"]', '/a.conf', '/etc'],
    ['command: ["sudo", "-D", "/etc/agent", "fluent-bit", "-c", "a.conf"]', 'a.conf', '/etc/agent'],
    ['command: ["sudo", "--chdir=/etc/agent", "-n", "sh", "-c", "fluent-bit -c a.conf"]', 'a.conf', '/etc/agent'],
    ['command: ["sudo", "--chdir", "agent", "--preserve-env=PATH", "fluent-bit", "-c", "a.conf"]', 'a.conf', '/etc/agent'],
    // doas -u USER [-n]; unshare (flags, --mount=FILE, -w/--wd); env -C/--chdir; chpst -C; in a row.
    ['command: ["doas", "-n", "-u", "fluent", "fluent-bit", "-c", "/a.conf"]', '/a.conf', '/etc'],
    ['command: ["doas", "-ufluent", "--", "sh", "-c", "fluent-bit -c /a.conf"]', '/a.conf', '/etc'],
    ['command: ["unshare", "-mUr", "--mount-proc", "--net=/run/netns/x", "--fork", "fluent-bit", "-c", "/a.conf"]', '/a.conf', '/etc'],
    ['command: ["unshare", "-w", "/etc/agent", "fluent-bit", "-c", "a.conf"]', 'a.conf', '/etc/agent'],
    ['command: ["unshare", "--wd=/etc/agent", "--", "sh", "-c", "fluent-bit -c a.conf"]', 'a.conf', '/etc/agent'],
    ['command: ["env", "-C", "/etc/agent", "fluent-bit", "-c", "a.conf"]', 'a.conf', '/etc/agent'],
    ['command: ["env", "--chdir=/etc/agent", "-i", "X=1", "fluent-bit", "-c", "a.conf"]', 'a.conf', '/etc/agent'],
    ['command: ["chpst", "-u", "fluent", "-C", "/etc/agent", "fluent-bit", "-c", "a.conf"]', 'a.conf', '/etc/agent'],
    ['command: ["env", "-C", "/etc", "sudo", "-D", "agent", "fluent-bit", "-c", "a.conf"]', 'a.conf', '/etc/agent'],
    // A chdir then the script's own cd.
    ['command: ["env", "-C", "/etc", "sh", "-c", "cd agent && fluent-bit -c a.conf"]', 'a.conf', '/etc/agent'],
  ])('%s', (yaml, path, workdir) => {
    expect(line(yaml, '/etc')).toMatchObject({ path, workdir });
  });

  it.each([
    // sudo's modes that run no program, doas -s/-C, unshare -h.
    'command: ["sudo", "-l", "fluent-bit", "-c", "/a.conf"]',
    'command: ["sudo", "-e", "/a.conf"]',
    'command: ["doas", "-s"]',
    'command: ["doas", "-C", "/etc/doas.conf", "fluent-bit", "-c", "/a.conf"]',
    'command: ["unshare", "-h", "fluent-bit", "-c", "/a.conf"]',
    // An option's argument missing: the wrapper refuses.
    'command: ["sudo", "-u"]',
  ])('%s runs no config', (yaml) => {
    expect(line(yaml)).toMatchObject({ path: undefined, from: 'none' });
  });

  it.each([
    // A relative chdir from an unknown start, or to ~: not known (read from /).
    ['command: ["env", "-C", "agent", "fluent-bit", "-c", "a.conf"]', undefined],
    ['command: ["sudo", "-D", "~", "fluent-bit", "-c", "a.conf"]', '/etc'],
  ])('%s: start not known', (yaml, workingDir) => {
    expect(line(yaml, workingDir)).toMatchObject({ path: 'a.conf', workdir: undefined });
  });

  it.each([
    // Not followed (the words are scanned as Fluent Bit's, as for an unknown program): sudo -s/-i, a bare -h.
    'command: ["sudo", "-i", "fluent-bit", "-c", "/a.conf"]',
    'command: ["sudo", "-s", "fluent-bit", "-c", "/a.conf"]',
    'command: ["sudo", "-h", "fluent-bit", "-c", "/a.conf"]',
  ])('%s is scanned as before', (yaml) => {
    expect(line(yaml)).toMatchObject({ path: '/a.conf', from: 'command' });
  });
});
