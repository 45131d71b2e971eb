import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { cTrim, splitRuleTokens, translateYamlKey } from '../../src/convert/c-string.js';
import { cLower } from '../../src/source/c-text.js';
import { convertConfig } from '../../src/convert/convert-config.js';
import { convertSetup, yamlNameFor } from '../../src/convert/convert-setup.js';
import { expandVars } from '../../src/convert/env.js';
import { readSetup } from '../../src/convert/read-setup.js';
import { setupFilesFrom } from '../../src/convert/setup-files.js';
import { parseFluentBitVersion } from '../../src/convert/version.js';
import { isPlainSafe, renderKey, renderScalar } from '../../src/convert/yaml-scalar.js';

describe('flb_cf_key_translate (YAML keys)', () => {
  // The cases of fluent-bit tests/internal/config_format.c test_camel_case_key, and the probes.
  it.each([
    ['a', 'a'], ['aB', 'a_b'], ['aBc', 'a_bc'], ['aBcA', 'a_bc_a'], ['aBCD', 'a_b_c_d'], ['intervalSec', 'interval_sec'],
    ['AA', 'AA'], ['Interval_Sec', 'Interval_Sec'], ['readFrom_head', 'readfrom_head'], ['multiline.Parser', 'multiline._parser'],
    ['dB', 'd_b'], ['k8s-logging.parser', 'k8s-logging.parser'], ['@include', '@include'],
  ])('%s -> %s', (key, want) => {
    expect(translateYamlKey(key)).toBe(want);
  });

  it('a classic key, lower-cased as Fluent Bit does, reads back unchanged', () => {
    for (const key of ['Mem_Buf_Limit', 'multiline.parser', 'K8S-Logging.Parser', 'DB', 'Kube_URL', 'Ünïcode_Key', 'Read_from_Head']) {
      const lower = cLower(key);
      expect(translateYamlKey(lower), key).toBe(lower);
    }
  });
});

describe('flb_sds_trim and tolower', () => {
  it('trims C whitespace only, and fails on only-whitespace', () => {
    expect(cTrim(' \t a b \v\f\r\n')).toBe('a b');
    expect(cTrim('\u00a0x\u00a0')).toBe('\u00a0x\u00a0');
    expect(cTrim('   ')).toBeNull();
    expect(cTrim('')).toBe('');
  });
  it('lower-cases ASCII only', () => {
    expect(cLower('ÄBc_D')).toBe('Äbc_d');
  });
});

describe('flb_slist_split_tokens (multiline rule lines)', () => {
  it.each([
    ['"start_state"   "/([a-zA-Z]+ \\d+)(.*)/"   "cont"', ['start_state', '/([a-zA-Z]+ \\d+)(.*)/', 'cont']],
    ['"a"  "/x \\"y\\"/"  "b"', ['a', '/x "y"/', 'b']],
    ['start /x/ cont', ['start', '/x/', 'cont']],
    ['"a" "/x/"', ['a', '/x/']],
    ['"a" "/x/" "b" trailing words', ['a', '/x/', 'b', 'trailing words']],
    ['"a" "unclosed', ['a', 'unclosed']],
    ['a\t"b"', ['a\t"b"']],
  ])('%s', (value, want) => {
    expect(splitRuleTokens(value, 3)).toEqual(want);
  });
});

describe('${VAR} expansion (flb_env_var_translate)', () => {
  const env = (n: string): string | undefined => ({ A: 'x', EMPTY: '' } as Record<string, string>)[n];
  it.each([
    ['${A}/y', 'x/y'], ['${B}/y', '/y'], ['${B:-d}/y', 'd/y'], ['${EMPTY:-d}', 'd'], ['a}b${A}', 'a}b${A}'],
    ['$A', '$A'], ['${}', '${}'], ['${A}${A}', 'xx'],
  ])('%s', (value, want) => {
    expect(expandVars(value, env)).toBe(want);
  });
});

describe('YAML scalars', () => {
  const tricky = ['*', '&a', '!a', '%Y', '@a', '`a', '|a', '>a', '- a', '-a', '? a', '?a', ':a', 'a: b', 'a:', 'a #b', 'a#b', '#a',
    '{a}', '[a]', 'a{b}', ',a', "it's", "'a", '"a', 'on', 'On', '~', 'null', '0755', '1e3', 'a\tb', 'C:\\logs\\*.log',
    '${VAR}', '--- a', '... a', 'a\u0001b', 'a\rb', 'a\u2028b', 'a\u0085b', '\u00e9t\u00e9', '\ud83d\ude00', 'a\\"b', "a''b", ' '];

  it.each(tricky)('%j reads back as itself (value and key)', (s) => {
    const doc = parseDocument(`${renderKey(s)}: ${renderScalar(s)}\n`, { schema: 'failsafe' });
    expect(doc.errors).toEqual([]);
    const pair = (doc.contents as { items: { key: { value: string }; value: { value: string } }[] }).items[0];
    expect(pair?.key.value).toBe(s);
    expect(pair?.value.value).toBe(s);
  });

  it('quotes only where YAML needs it', () => {
    expect(renderScalar('/var/log/containers/*.log')).toBe('/var/log/containers/*.log');
    expect(renderScalar('docker, cri')).toBe('docker, cri');
    expect(renderScalar('On')).toBe('On');
    expect(renderScalar('*')).toBe("'*'");
    expect(renderScalar('log ^\\d+', 'single')).toBe("'log ^\\d+'");
    expect(renderScalar('a\u0001')).toBe('"a\\x01"');
    expect(isPlainSafe('kube.*')).toBe(true);
  });

  it('reads back every generated string (seeded)', () => {
    const alphabet = ['a', ' ', ':', '#', '-', '?', '*', '&', '!', '%', '@', '`', '|', '>', "'", '"', '{', '}', '[', ']', ',', '\\', '\t', '$', '.', '\u00e9', '\u0007'];
    let seed = 42;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let i = 0; i < 3000; i++) {
      let s = '';
      const len = 1 + rnd(8);
      for (let k = 0; k < len; k++) s += alphabet[rnd(alphabet.length)];
      const doc = parseDocument(`k: ${renderScalar(s)}\n`, { schema: 'failsafe' });
      expect(doc.errors, JSON.stringify(s)).toEqual([]);
      expect((doc.get('k') as string | undefined) ?? '', JSON.stringify(s)).toBe(s);
    }
  });
});

describe('versions', () => {
  it.each([['3.1.9', '3.1.9'], ['v2.2', '2.2.0'], ['3.2.0-debug', '3.2.0'], ['latest', undefined], [undefined, undefined]])('%s', (text, want) => {
    const v = parseFluentBitVersion(text);
    expect(v ? `${v.major}.${v.minor}.${v.patch}` : undefined).toBe(want);
  });
  it('names', () => {
    expect(yamlNameFor('fluent-bit.conf')).toBe('fluent-bit.yaml');
    expect(yamlNameFor('conf.d/a.CONF')).toBe('conf.d/a.yaml');
    expect(yamlNameFor('td-agent-bit')).toBe('td-agent-bit.yaml');
  });
});

describe('YAML reader: what the probes do not show', () => {
  const read = (files: Record<string, string>, main = 'fluent-bit.yaml'): string[] =>
    readSetup(main, { files: setupFilesFrom(files), unknownParsersFile: 'error' }).errors.map((e) => e.message);

  it('refuses a second service in an included file, and a file included twice', () => {
    expect(read({ 'fluent-bit.yaml': 'service:\n  flush: 1\nincludes:\n  - a.yaml\n', 'a.yaml': 'service:\n  flush: 2\n' }).join()).toMatch(/duplicated definition of 'service'/);
    expect(read({ 'fluent-bit.yaml': 'includes:\n  - a.yaml\n  - a.yaml\n', 'a.yaml': 'pipeline:\n  inputs:\n    - name: dummy\n' }).join()).toMatch(/already included/);
  });

  it('reads an unknown top-level key by the classic prefix rule (inp: is an input)', () => {
    const r = readSetup('fluent-bit.yaml', { files: setupFilesFrom({ 'fluent-bit.yaml': 'inp:\n  name: dummy\n' }) });
    expect(r.errors).toEqual([]);
    expect(r.view.inputs.length).toBe(1);
  });

  it('refuses an empty env, an empty document, and a list where a map is needed', () => {
    expect(read({ 'fluent-bit.yaml': 'env:\n' })).not.toEqual([]);
    expect(read({ 'fluent-bit.yaml': '---\n' })).not.toEqual([]);
    expect(read({ 'fluent-bit.yaml': 'pipeline:\n  inputs:\n    name: dummy\n' })).not.toEqual([]);
  });

  it('refuses an alias without its anchor before it, as every alias (Fluent Bit reads libyaml events: no state takes an alias)', () => {
    const at = (text: string): string[] => readSetup('fluent-bit.yaml', { files: setupFilesFrom({ 'fluent-bit.yaml': text }) }).errors.map((e) => `${e.offset} ${e.message}`);
    const refused = "alias *t: Fluent Bit's YAML config reader refuses aliases (\"unexpected event 'alias-event'\"); write the value out in place of *t";
    // No anchor at all; its anchor after it; its anchor in the document before (anchors do not reach past `---`).
    expect(at('pipeline:\n  inputs:\n    - name: dummy\n      tag: *t\n')).toEqual([`49 ${refused}`]);
    expect(at('pipeline:\n  inputs:\n    - name: dummy\n      tag: *t\n      alias: &t x\n')).toEqual([`49 ${refused}`]);
    expect(at('env:\n  A: &t x\n---\npipeline:\n  inputs:\n    - name: dummy\n      tag: *t\n')).toEqual([`68 ${refused}`]);
  });

  it('accepts an empty file and anchors without aliases', () => {
    expect(read({ 'fluent-bit.yaml': '' })).toEqual([]);
    expect(read({ 'fluent-bit.yaml': 'pipeline:\n  inputs:\n    - name: &n dummy\n' })).toEqual([]);
  });

  it('reads upstream servers with nodes, and multiline rules', () => {
    const r = readSetup('u.yaml', {
      files: setupFilesFrom({ 'u.yaml': 'upstream_servers:\n  - name: u\n    nodes:\n      - name: n1\n        host: h\nmultiline_parsers:\n  - name: m\n    type: regex\n    rules:\n      - state: start_state\n        regex: /a/\n        next_state: cont\n' }),
    });
    expect(r.errors).toEqual([]);
    expect(r.view.upstreams[0]?.nodes.length).toBe(1);
    expect(r.view.multilineParsers[0]?.rules).toEqual([{ state: 'start_state', regex: '/a/', nextState: 'cont' }]);
  });
});

describe('convertConfig (one file)', () => {
  it('refuses includes on both sides of plugin sections (order unknown without the files)', () => {
    const r = convertConfig('[INPUT]\n    Name dummy\n@INCLUDE a.conf\n[OUTPUT]\n    Name stdout\n    Match *\n');
    expect(r.yaml).toBeNull();
    expect(r.findings.map((f) => `${f.line} ${f.ruleId}`)).toEqual(['3 to-yaml-unsupported']);
  });

  it('keeps includes as includes of the converted names', () => {
    const r = convertConfig('[SERVICE]\n    Flush 1\n@INCLUDE conf.d/*.conf\n');
    expect(r.yaml).toBe('service:\n  flush: 1\nincludes:\n  - conf.d/*.yaml\n');
  });

  it('gives file:line:col findings and never throws on bad input', () => {
    for (const text of ['[', '[INPUT\n', '    x y\n', '[INPUT]\n    Name dummy\n      Tag x\n', '\ufeff[INPUT]\n    Name dummy\n']) {
      const r = convertConfig(text);
      expect(r.yaml, JSON.stringify(text)).toBeNull();
      expect(r.findings.filter((f) => f.severity === 'error').length, JSON.stringify(text)).toBeGreaterThan(0);
    }
  });
});

describe('convertSetup edge cases', () => {
  it('refuses when the YAML name is taken', () => {
    const r = convertSetup({ main: 'fluent-bit.conf', files: { 'fluent-bit.conf': '[INPUT]\n    Name dummy\n', 'fluent-bit.yaml': 'x: {}\n' } });
    expect(r.ok).toBe(false);
    expect(r.refusal).toMatch(/already exists/);
  });

  it('merges [SERVICE] sections of included files when YAML allows one service', () => {
    const r = convertSetup({
      main: 'fluent-bit.conf',
      files: { 'fluent-bit.conf': '[SERVICE]\n    Flush 1\n@INCLUDE svc.conf\n[INPUT]\n    Name dummy\n', 'svc.conf': '[SERVICE]\n    Log_Level debug\n' },
    });
    expect(r.ok).toBe(true);
    expect(r.removed).toEqual(['svc.conf']);
    expect(r.files.map((f) => f.text).join('')).toBe('service:\n  flush: 1\n  log_level: debug\npipeline:\n  inputs:\n    - name: dummy\n');
  });

  it('refuses a main file that is missing', () => {
    expect(convertSetup({ main: 'x.conf', files: {} }).ok).toBe(false);
  });

  it('a .yaml main of classic text is not converted, and the finding says to rename it (not "nothing to convert")', () => {
    const classic = '[INPUT]\n    Name dummy\n';
    for (const r of [convertSetup({ main: 'fluent-bit.yaml', files: { 'fluent-bit.yaml': classic } }), convertConfig(classic, { path: 'fluent-bit.yaml' })]) {
      expect(r.findings.map((f) => [f.ruleId, f.messageId])).toEqual([['to-yaml-already-yaml', 'classicUnderYamlName']]);
      expect(r.findings[0]?.message).toMatch(/rename it to \.conf/);
    }
    expect(convertSetup({ main: 'fluent-bit.yaml', files: { 'fluent-bit.yaml': 'pipeline:\n  inputs:\n    - name: dummy\n' } }).findings[0]?.messageId).toBe('alreadyYaml');
  });
});

describe('classic groups', () => {
  it('refuses a [processors] group, keeps any other group as a comment', () => {
    const p = convertConfig('[INPUT]\n    Name dummy\n    [processors] x\n        logs y\n');
    expect(p.yaml).toBeNull();
    expect(p.findings.filter((f) => f.severity === 'error').map((f) => f.ruleId)).toEqual(['to-yaml-unsupported']);
    const g = convertConfig('[INPUT]\n    Name dummy\n    [G] x\n        a b\n');
    expect(g.yaml).toBe('pipeline:\n  inputs:\n    - name: dummy\n      #     [G] x\n      #         a b\n');
  });
});
