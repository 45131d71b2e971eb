import { describe, expect, it } from 'vitest';
import { readBatch } from '../../src/migrate/read-batch.js';
import { configMapOf } from '../helpers/manifests.js';

/*
 * The container walk expands `Parsers_File ${VAR}` with the setup's
 * variables as Fluent Bit does (deploy/variables.ts): every @SET of the
 * files the -c file includes, wherever it stands, the last definition of a
 * name winning; a name two files set differently is not guessed.
 */

const cm = configMapOf;
const DS = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: fb
spec:
  template:
    spec:
      containers:
      - name: fluent-bit
        image: fluent/fluent-bit:2.2.0
        volumeMounts:
        - name: config
          mountPath: /fluent-bit/etc/
      volumes:
      - name: config
        configMap:
          name: fb
`;
const PARSERS = '[PARSER]\n    Name  mine\n    Format json\n';

function parsersFilesOf(files: Record<string, string>, image = '2.2.0'): string[] {
  const state = readBatch([{ path: 'cm.yaml', text: cm(files) }, { path: 'ds.yaml', text: DS.replace('fluent-bit:2.2.0', `fluent-bit:${image}`) }], { fluentBitVersion: undefined });
  const c = state.deployment.containers.find((x) => x.name === 'fluent-bit');
  return (c?.parsersFiles ?? []).map((f) => `${f.lookup.kind}:${f.path}`);
}

describe('Parsers_File with ${VAR} in the container walk', () => {
  it('a variable set in a file included after the [SERVICE] is used; the last definition wins', () => {
    const out = parsersFilesOf({
      'fluent-bit.conf': '[SERVICE]\n    Parsers_File ${P}\n\n@INCLUDE vars.conf\n',
      'vars.conf': '@SET P=old.conf\n@SET P=mine.conf\n',
      'mine.conf': PARSERS,
      'old.conf': PARSERS,
    });
    expect(out).toEqual(['config:/fluent-bit/etc/mine.conf']);
  });

  it('two files setting it differently: not guessed (a file we cannot see)', () => {
    const out = parsersFilesOf({
      'fluent-bit.conf': '[SERVICE]\n    Parsers_File ${P}\n\n@INCLUDE a.conf\n@INCLUDE b.conf\n',
      'a.conf': '@SET P=mine.conf\n',
      'b.conf': '@SET P=old.conf\n',
      'mine.conf': PARSERS,
      'old.conf': PARSERS,
    });
    expect(out).toEqual(['unknown:${P}']);
  });

  it('a default applies when nothing sets the name (from Fluent Bit 5.0.6)', () => {
    expect(parsersFilesOf({ 'fluent-bit.conf': '[SERVICE]\n    Parsers_File ${P:-mine.conf}\n', 'mine.conf': PARSERS }, '5.1.1')).toEqual(['config:/fluent-bit/etc/mine.conf']);
  });

  it('before 5.0.6 `${P:-mine.conf}` is one unset variable: the value is empty, so no parsers file (an unknown version keeps the default)', () => {
    expect(parsersFilesOf({ 'fluent-bit.conf': '[SERVICE]\n    Parsers_File ${P:-mine.conf}\n', 'mine.conf': PARSERS })).toEqual([]);
    expect(parsersFilesOf({ 'fluent-bit.conf': '[SERVICE]\n    Parsers_File ${P:-mine.conf}\n', 'mine.conf': PARSERS }, '5.0.5')).toEqual([]);
    expect(parsersFilesOf({ 'fluent-bit.conf': '[SERVICE]\n    Parsers_File ${P:-mine.conf}\n', 'mine.conf': PARSERS }, '4.2.1')).toEqual(['config:/fluent-bit/etc/mine.conf']);
  });
});
