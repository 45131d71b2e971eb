import { parseDocument, isMap, isScalar, type Scalar } from 'yaml';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../src/migrate/migrate.js';
import { readKubernetesBase64 } from '../../src/source/base64.js';
import { base64Layout, base64Map, layoutBase64 } from '../../src/yaml/base64-map.js';
import { embedScalar, isEmbeddedText } from '../../src/yaml/embedded-text.js';
import { applyEdits } from '../../src/source/apply-edits.js';

/*
 * The base64 layer (yaml/base64-map.ts): a config held as base64 in a Secret's `data` is decoded as the API server
 * decodes it, edited as text, re-encoded in the value's layout and written back as one splice in the scalar's style.
 */

const b64 = (t: string): string => Buffer.from(t, 'utf8').toString('base64');
const wrap = (s: string, w: number): string[] => s.match(new RegExp(`.{1,${w}}`, 'g')) ?? [];
const CONF = '[INPUT]\n    Name   tail\n    Path   /var/log/containers/*.log\n    Parser docker\n    Tag    kube.*\n';

/** The decoded text of `key` under `data:` of the single-document Secret in `text`. */
function decodedValue(text: string, key: string): string {
  const doc = parseDocument(text);
  const data = doc.get('data');
  const value = isMap(data) ? data.get(key) : undefined;
  const read = readKubernetesBase64(String(value));
  if (!('text' in read)) throw new Error(read.problem);
  return read.text;
}

describe('readKubernetesBase64', () => {
  it('reads values wrapped with LF or CRLF, as Go skips only line breaks', () => {
    const one = b64(CONF);
    expect(readKubernetesBase64(one)).toEqual({ text: CONF });
    expect(readKubernetesBase64(wrap(one, 76).join('\n') + '\n')).toEqual({ text: CONF });
    expect(readKubernetesBase64(wrap(one, 64).join('\r\n'))).toEqual({ text: CONF });
    expect(readKubernetesBase64('')).toEqual({ text: '' });
  });

  it('refuses what the API server refuses, and bytes that are not UTF-8', () => {
    const one = b64(CONF);
    expect(readKubernetesBase64(wrap(one, 40).join(' '))).toMatchObject({ problem: expect.stringContaining('input byte 40') });
    expect(readKubernetesBase64('W0lOUFVUXQo')).toMatchObject({ problem: expect.stringContaining('multiple of 4') });
    expect(readKubernetesBase64('W0=OUFVUXQo=')).toMatchObject({ problem: expect.stringContaining('padding') });
    expect(readKubernetesBase64(Buffer.from([0x5b, 0xff, 0xfe, 0x5d]).toString('base64'))).toMatchObject({ problem: expect.stringContaining('UTF-8') });
  });

  it('keeps a byte order mark, so that the text re-encodes to the same bytes', () => {
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(CONF)]).toString('base64');
    const read = readKubernetesBase64(bom);
    expect('text' in read && layoutBase64(read.text, base64Layout(bom))).toBe(bom);
  });
});

describe('base64Map', () => {
  const cases: [string, string][] = [
    ['plain', `data:\n  k: ${b64(CONF)}\n  z: 1\n`],
    ['double-quoted (JSON)', `{"data": {"k": "${b64(CONF)}", "z": "1"}}\n`],
    ['single-quoted', `data:\n  k: '${b64(CONF)}'\n  z: 1\n`],
    ['literal block wrapped at 76', `data:\n  k: |\n${wrap(b64(CONF), 76).map((l) => `    ${l}`).join('\n')}\n  z: 1\n`],
    ['literal block wrapped at 20, strip', `data:\n  k: |-\n${wrap(b64(CONF), 20).map((l) => `      ${l}`).join('\n')}\n  z: 1\n`],
  ];
  for (const [name, text] of cases) {
    it(`${name}: one splice, the same style and width, the edited text read back`, () => {
      const doc = parseDocument(text, { keepSourceTokens: true });
      const data = doc.get('data');
      const node = (isMap(data) ? data.get('k', true) : undefined) as Scalar;
      expect(isScalar(node)).toBe(true);
      const scalar = embedScalar(text, node);
      if (!isEmbeddedText(scalar)) throw new Error(scalar.reason);
      const map = base64Map(text, scalar, CONF);
      const at = CONF.indexOf('docker');
      expect(map.toOuter(at)).toBe(scalar.start);
      const edits = map.mapEdits([{ start: at, end: at + 'docker'.length, text: 'cri', origin: 't' }]);
      expect(edits).toHaveLength(1);
      const out = applyEdits(text, edits);
      expect(decodedValue(out, 'k')).toBe(CONF.replace('docker', 'cri'));
      // Everything around the value is byte-identical.
      expect(out.slice(0, (edits[0] as { start: number }).start)).toBe(text.slice(0, (edits[0] as { start: number }).start));
      expect(out.endsWith(text.slice((edits[0] as { end: number }).end))).toBe(true);
      // The same layout: lines of the same width, the same chomping.
      const before = base64Layout(String(node.value));
      const after = parseDocument(out).getIn(['data', 'k']) as string;
      expect(base64Layout(after)).toMatchObject({ tail: before.tail, width: before.width });
      expect(map.mapEdits([])).toEqual([]);
    });
  }
});

describe('a Secret with a base64 config, migrated', () => {
  const secret = (value: string): string => `apiVersion: v1\nkind: Secret\nmetadata:\n  name: fb\ntype: Opaque\ndata:\n  other: czNjcjN0\n  fluent-bit.conf: ${value}\n`;

  it('edits the decoded text, reports at the value with the decoded line, and is idempotent', () => {
    const text = secret(b64(CONF));
    const result = migrate([{ path: 'secret.yaml', text }], { runtime: 'containerd' });
    const file = result.files[0];
    expect(file?.changed).toBe(true);
    const out = file?.output as string;
    expect(decodedValue(out, 'fluent-bit.conf')).toContain('multiline.parser');
    expect(decodedValue(out, 'other')).toBe('s3cr3t');
    expect(out.split('\n').slice(0, 7).join('\n')).toBe(text.split('\n').slice(0, 7).join('\n'));
    const change = file?.findings.find((f) => f.severity === 'change');
    expect(change?.line).toBe(8);
    expect(change?.message).toMatch(/\(line 4 of the decoded base64 value\)$/);
    const again = migrate([{ path: 'secret.yaml', text: out }], { runtime: 'containerd' }).files[0];
    expect(again?.changed).toBe(false);
  });

  it('diagnostics of the decoded text name their line in it too', () => {
    const file = migrate([{ path: 'secret.yaml', text: secret(b64(`${CONF}Bad line\n`)) }], { runtime: 'containerd' }).files[0];
    const d = file?.diagnostics.find((x) => x.code === 'MISSING_INDENT');
    expect(d?.line).toBe(8);
    expect(d?.message).toMatch(/\(line 6 of the decoded base64 value\)$/);
  });

  it('keeps a CRLF file\'s line breaks in a wrapped value', () => {
    const lines = wrap(b64(CONF), 20).map((l) => `    ${l}`).join('\r\n');
    const text = `apiVersion: v1\r\nkind: Secret\r\nmetadata:\r\n  name: fb\r\ndata:\r\n  fluent-bit.conf: |\r\n${lines}\r\n`;
    const out = migrate([{ path: 'secret.yaml', text }], { runtime: 'containerd' }).files[0]?.output as string;
    expect(out).not.toBe(text);
    expect(out.replace(/\r\n/g, '')).not.toMatch(/\n/);
    expect(decodedValue(out, 'fluent-bit.conf')).toContain('multiline.parser');
  });

  it('a value Kubernetes cannot decode: BASE64_UNREADABLE, nothing written', () => {
    const broken = `${b64(CONF).replace(/=+$/, '')}`;
    const file = migrate([{ path: 'secret.yaml', text: secret(broken) }], { runtime: 'containerd' }).files[0];
    expect(file?.changed).toBe(false);
    expect(file?.diagnostics.map((d) => d.code)).toContain('BASE64_UNREADABLE');
  });
});
