import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { migrate } from '../../src/migrate/migrate.js';
import type { MigrateOptions } from '../../src/migrate/options.js';
import { pairConfig, pairConfigMap, pairDaemonSet } from '../helpers/deployment-pair.js';

/*
 * A deployment is written whole or not at all (deployment-groups.ts): a file
 * of a deployment that cannot be migrated holds back every changed file of
 * that deployment, each with one DEPLOYMENT_RELATED error naming the file
 * and why; the other deployments of the batch are migrated as usual.
 */

const run = (files: Record<string, string>, options: Partial<MigrateOptions> = {}) =>
  migrate(Object.entries(files).map(([path, text]) => ({ path, text })), { runtime: 'containerd', ...options });
type Result = ReturnType<typeof run>;
const errors = (r: Result): string[] => r.files.flatMap((f) => f.diagnostics.filter((d) => d.severity === 'error').map((d) => `${f.path} ${d.code}`)).sort();
const changed = (r: Result): string[] => r.files.filter((f) => f.changed).map((f) => f.path).sort();
const related = (r: Result, path: string): string | undefined => r.files.find((f) => f.path === path)?.diagnostics.find((d) => d.code === 'DEPLOYMENT_RELATED')?.message;
const file = (r: Result, path: string) => r.files.find((f) => f.path === path);

/** Deployment `fb` (ds.yaml, cm.yaml) and the healthy deployment `other` (ds2.yaml, cm2.yaml). */
const batch = (cm: string, ds = pairDaemonSet('fb')): Record<string, string> => ({ 'ds.yaml': ds, 'cm.yaml': cm, 'ds2.yaml': pairDaemonSet('other'), 'cm2.yaml': pairConfigMap('other') });

describe('a deployment is written whole or not at all', () => {
  it('control: both deployments change every file', () => {
    const r = run(batch(pairConfigMap('fb')));
    expect(errors(r)).toEqual([]);
    expect(changed(r)).toEqual(['cm.yaml', 'cm2.yaml', 'ds.yaml', 'ds2.yaml']);
    // The CLI writes each deployment's files together: they share a key.
    expect(file(r, 'ds.yaml')?.deployment).toBe(file(r, 'cm.yaml')?.deployment);
    expect(file(r, 'ds2.yaml')?.deployment).toBe(file(r, 'cm2.yaml')?.deployment);
    expect(file(r, 'ds.yaml')?.deployment).not.toBe(file(r, 'ds2.yaml')?.deployment);
  });

  it('a parse error of the embedded config: the DaemonSet is held back, the other deployment migrated', () => {
    const r = run(batch(pairConfigMap('fb', pairConfig('[OUTPUT\n    Name stdout\n'))));
    expect(errors(r)).toEqual(['cm.yaml BAD_HEADER', 'ds.yaml DEPLOYMENT_RELATED']);
    expect(changed(r)).toEqual(['cm2.yaml', 'ds2.yaml']);
    expect(related(r, 'ds.yaml')).toMatch(/^not written: cm\.yaml:11:5 cannot be migrated \(BAD_HEADER: section header has no closing "\]"/);
    const ds = file(r, 'ds.yaml');
    expect(ds?.output).toBe(ds?.before);
    expect(ds?.diff).toBe('');
    expect(ds?.edits).toEqual([]);
    expect(ds?.findings.filter((f) => f.severity === 'change')).toEqual([]);
  });

  it('a ConfigMap file that cannot be read (a YAML syntax error anywhere in it, BINARY_FILE): the DaemonSet that names a ConfigMap the batch lacks is held back', () => {
    for (const broken of [`${pairConfigMap('fb')}  bad: [unclosed\n`, `${pairConfigMap('fb')}\u0000\n`]) {
      const r = run(batch(broken));
      expect(changed(r)).toEqual(['cm2.yaml', 'ds2.yaml']);
      expect(related(r, 'ds.yaml')).toMatch(/^not written: cm\.yaml:\d+:\d+ cannot be migrated \((YAML_SYNTAX|BINARY_FILE): .*its content is unknown, and it may be what this deployment reads but the batch does not hold/);
    }
  });

  it('an unreadable file beside complete deployments: they are written (no reference of theirs is missing)', () => {
    const r = run({ ...batch(pairConfigMap('fb')), 'broken.yaml': 'apiVersion: v1\nkind: ConfigMap\ndata: [unclosed\n' });
    expect(errors(r)).toEqual(['broken.yaml YAML_SYNTAX']);
    expect(changed(r)).toEqual(['cm.yaml', 'cm2.yaml', 'ds.yaml', 'ds2.yaml']);
  });

  it('an @INCLUDEd file that fails: the including file is held back', () => {
    const r = run({
      'fluent-bit.conf': `@INCLUDE outputs.conf\n${pairConfig()}`,
      'outputs.conf': '[OUTPUT]\n    Name  stdout\n    Match *\n@INCLUDE\n',
      'other.conf': pairConfig(),
    });
    expect(errors(r)).toEqual(['fluent-bit.conf DEPLOYMENT_RELATED', 'outputs.conf META_WITHOUT_SPACE']);
    expect(related(r, 'fluent-bit.conf')).toMatch(/^not written: outputs\.conf:4:1 cannot be migrated \(META_WITHOUT_SPACE: /);
    expect(changed(r)).toEqual(['other.conf']);
  });

  it('an @INCLUDEd file that cannot be read at all (BINARY_FILE): the including file is held back, a file including the stock parsers.conf is not', () => {
    const r = run({
      'fluent-bit.conf': `@INCLUDE outputs.conf\n${pairConfig()}`,
      'outputs.conf': '[OUTPUT]\n    Name  stdout\n\uFFFD\uFFFD\u0000\n',
      'other.conf': `[SERVICE]\n    Parsers_File parsers.conf\n${pairConfig()}`,
    });
    expect(related(r, 'fluent-bit.conf')).toMatch(/^not written: outputs\.conf:\d+:\d+ cannot be migrated \(BINARY_FILE: .*its content is unknown/);
    expect(changed(r)).toEqual(['other.conf']);
  });

  it('BASE64_UNREADABLE: a Secret whose config cannot be decoded holds back the DaemonSet that mounts it', () => {
    const secret = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: fb\ndata:\n  fluent-bit.conf: W0lOUFVUXQ\n';
    const r = run(batch(secret, pairDaemonSet('fb', 'secret')));
    expect(errors(r)).toEqual(['ds.yaml DEPLOYMENT_RELATED']);
    expect(related(r, 'ds.yaml')).toMatch(/^not written: cm\.yaml:6:20 cannot be migrated \(BASE64_UNREADABLE: /);
    expect(changed(r)).toEqual(['cm2.yaml', 'ds2.yaml']);
  });

  it('ALIAS_NOT_EDITED: the file whose edit was skipped is not half-migrated either', () => {
    const text = readFileSync(new URL('../../fixtures/sources/yaml-aliases/anchor-then-alias-same-document/input/fluent-bit.yaml', import.meta.url), 'utf8');
    const r = run({ 'fluent-bit.yaml': text, 'ds2.yaml': pairDaemonSet('other'), 'cm2.yaml': pairConfigMap('other') });
    expect(errors(r)).toEqual(['fluent-bit.yaml DEPLOYMENT_RELATED']);
    expect(related(r, 'fluent-bit.yaml')).toMatch(/^not written: line 18 of this file cannot be migrated \(ALIAS_NOT_EDITED: /);
    expect(changed(r)).toEqual(['cm2.yaml', 'ds2.yaml']);
    // The same when the file is migrated chunk by chunk (one file: partition.ts, then the same rule).
    expect(errors(run({ 'fluent-bit.yaml': text }))).toEqual(['fluent-bit.yaml DEPLOYMENT_RELATED']);
  });

  it('an invariant broken by the migration: the other files of its deployment get INVARIANT_RELATED, as before', () => {
    // Chart values whose daemonSetVolumeMounts lose the only mount the migrated Path needs (fixtures/migrate/invariants).
    const dir = new URL('../../fixtures/migrate/invariants/helm-mounts-miss-kubelet-dir/input/', import.meta.url);
    const values = readFileSync(new URL('values.yaml', dir), 'utf8');
    const r = run({ 'values.yaml': values, 'ds2.yaml': pairDaemonSet('other'), 'cm2.yaml': pairConfigMap('other') });
    expect(errors(r).filter((e) => e.startsWith('values.yaml'))[0]).toMatch(/^values\.yaml INVARIANT_/);
    expect(changed(r)).toEqual(['cm2.yaml', 'ds2.yaml']);
  });

  it('files the CLI could not read (unreadFiles): the deployments of their scope that lack a ConfigMap are held back', () => {
    const unreadFiles = [{ path: 'cm.yaml', code: 'FILE_TOO_LARGE', message: 'is 2 MB, above --max-file-size 1 MB: not read' }];
    const files = { 'ds.yaml': pairDaemonSet('fb'), 'ds2.yaml': pairDaemonSet('other'), 'cm2.yaml': pairConfigMap('other') };
    const r = run(files, { unreadFiles });
    expect(changed(r)).toEqual(['cm2.yaml', 'ds2.yaml']);
    expect(related(r, 'ds.yaml')).toBe('not written: cm.yaml could not be read (FILE_TOO_LARGE: is 2 MB, above --max-file-size 1 MB: not read); its content is unknown, and it may be what this deployment reads but the batch does not hold (a ConfigMap, a Secret, an included file, chart values), and the files of one deployment are written together');
    // One file left: not partitioned (the whole run tells what is missing), the same rule.
    expect(changed(run({ 'ds.yaml': pairDaemonSet('fb') }, { unreadFiles }))).toEqual([]);
    // With deployments (the CLI's --to-yaml batch of a tree): only the unread file's group of directories.
    const scoped = run({ 'a/ds.yaml': pairDaemonSet('fb'), 'b/ds.yaml': pairDaemonSet('fb') }, { unreadFiles: [{ ...unreadFiles[0], path: 'a/cm.yaml' }], deployments: [['a'], ['b']] } as Partial<MigrateOptions>);
    expect(changed(scoped)).toEqual(['b/ds.yaml']);
  });

  it('rejects unreadFiles that are not { path, code, message } items', () => {
    expect(() => run({}, { unreadFiles: [{ path: 'x' }] } as unknown as Partial<MigrateOptions>)).toThrow(/unreadFiles must be an array of \{ path, code, message \}/);
  });
});
