import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Edit } from '../../src/source/edit.js';
import { invariantConfigMap, invariantDaemonSet, TAIL } from '../helpers/invariant-batch.js';

/*
 * The output check (migrate.ts checkBatch: the re-read of every changed file and
 * the invariants of invariants.ts), each of its invariants broken on purpose on
 * the real path: the edits the rules asked for are tampered with once they are
 * final (after the alias guard, where the check takes them), and the check must
 * still refuse the output. invariants.test.ts calls checkInvariants on hand-made
 * batches; this file makes sure the migration's own check (whatever re-read it
 * does) sees the same violations.
 */

type Tamper = (path: string, text: string, edits: readonly Edit[]) => readonly Edit[];
let tamper: Tamper | undefined;

vi.mock('../../src/migrate/alias-guard.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/migrate/alias-guard.js')>();
  return {
    ...real,
    guardAliases: (...args: Parameters<typeof real.guardAliases>) => {
      const out = real.guardAliases(...args);
      if (!tamper) return out;
      const [path, text] = args;
      return { ...out, edits: tamper(path, text, out.edits) };
    },
  };
});
const { migrate } = await import('../../src/migrate/migrate.js');

afterEach(() => {
  tamper = undefined;
});

const cm = (): string => invariantConfigMap(TAIL('Parser docker'));
const ds = (image = 'fluent/fluent-bit:2.2.0'): string => invariantDaemonSet(image);

/** One edit replacing the first `find` of `text` (which must hold it). */
const replace = (text: string, find: string, by: string): Edit => {
  const start = text.indexOf(find);
  if (start < 0) throw new Error(`not in the text: ${find}`);
  return { start, end: start + find.length, text: by, origin: 'test' };
};

/** Tampers with one file's edits: `make` gets its text and the rules' edits, and returns the edits the check sees. */
const onFile = (file: string, make: (text: string, edits: readonly Edit[]) => readonly Edit[]): Tamper => (path, text, edits) => (path.endsWith(file) ? make(text, edits) : edits);

const run = (files: Record<string, string>) => migrate(Object.entries(files).map(([path, text]) => ({ path, text })), { runtime: 'containerd' });
const errors = (result: ReturnType<typeof run>): string[] =>
  result.files.flatMap((f) => f.diagnostics.filter((d) => d.severity === 'error').map((d) => `${f.path} ${d.code}`)).sort();
const changed = (result: ReturnType<typeof run>): string[] => result.files.filter((f) => f.changed).map((f) => f.path);

/** The same files as one stream (documents of one file). */
const stream = (files: Record<string, string>): Record<string, string> => ({ 'all.yaml': Object.values(files).join('---\n') });

describe('the output check refuses a broken output (tampered edits on the real path)', () => {
  const files = { 'cm.yaml': cm(), 'ds.yaml': ds() };

  it('untampered: the migration changes the ConfigMap and breaks nothing', () => {
    const result = run(files);
    expect(errors(result)).toEqual([]);
    expect(changed(result)).toEqual(['cm.yaml']);
    expect(errors(run(stream(files)))).toEqual([]);
  });

  it('an edit that breaks the YAML: INTERNAL_ERROR, the file unchanged, and the rest of its deployment held back', () => {
    tamper = onFile('ds.yaml', (text, edits) => [...edits, replace(text, '      volumes:\n', '      volumes: [\n')]);
    const result = run(files);
    expect(errors(result)).toEqual(['cm.yaml DEPLOYMENT_RELATED', 'ds.yaml INTERNAL_ERROR']);
    expect(result.files.find((f) => f.path === 'ds.yaml')?.diagnostics.find((d) => d.code === 'INTERNAL_ERROR')?.message).toMatch(/would not be valid: YAML_SYNTAX/);
    expect(result.files.find((f) => f.path === 'cm.yaml')?.diagnostics.find((d) => d.code === 'DEPLOYMENT_RELATED')?.message).toMatch(/^not written: ds\.yaml:1:1 cannot be migrated \(INTERNAL_ERROR: /);
    expect(changed(result)).toEqual([]);
  });

  it('an edit that breaks an embedded classic config: INTERNAL_ERROR, the file unchanged', () => {
    tamper = onFile('cm.yaml', (text, edits) => [...edits, replace(text, '    [SERVICE]', '    [SERVICE')]);
    const result = run(files);
    expect(errors(result)).toEqual(['cm.yaml INTERNAL_ERROR']);
    expect(result.files.find((f) => f.path === 'cm.yaml')?.diagnostics.find((d) => d.code === 'INTERNAL_ERROR')?.message).toMatch(/would not be valid: fluent-bit\.conf: /);
    expect(changed(result)).toEqual([]);
  });

  it('(a) a tail directory no longer mounted: INVARIANT_LOG_MOUNT, the deployment unchanged', () => {
    tamper = onFile('ds.yaml', (text, edits) => [...edits, replace(text, '        - name: varlog\n          mountPath: /var/log\n        - name: config', '        - name: config')]);
    const result = run(files);
    expect(errors(result)).toEqual(['cm.yaml INVARIANT_RELATED', 'ds.yaml INVARIANT_LOG_MOUNT']);
    expect(changed(result)).toEqual([]);
  });

  it('(b) a parser the output names but no loaded file defines: INVARIANT_PARSER', () => {
    tamper = onFile('cm.yaml', (text) => [replace(text, 'Parser docker', 'Parser cri-log')]);
    const result = run(files);
    expect(errors(result)).toEqual(['cm.yaml INVARIANT_PARSER']);
    expect(changed(result)).toEqual([]);
  });

  it('(c) a property newer than the Fluent Bit that runs it: INVARIANT_VERSION', () => {
    tamper = onFile('cm.yaml', (text) => [replace(text, 'Parser docker', 'multiline.parser docker, cri')]);
    const result = run({ 'cm.yaml': cm(), 'ds.yaml': ds('fluent/fluent-bit:1.7.9') });
    expect(errors(result)).toEqual(['cm.yaml INVARIANT_VERSION']);
    expect(changed(result)).toEqual([]);
  });

  it('(d) an edit inside an init container: INVARIANT_CONTAINER, the ConfigMap held back', () => {
    tamper = onFile('ds.yaml', (text, edits) => [...edits, replace(text, '          mountPath: /var/log\n      containers:', '          mountPath: /var/log/pods\n      containers:')]);
    const result = run(files);
    // The init container reads no config: the ConfigMap is in the deployment through the input's Fluent Bit container.
    expect(errors(result)).toEqual(['cm.yaml INVARIANT_RELATED', 'ds.yaml INVARIANT_CONTAINER']);
    expect(changed(result)).toEqual([]);
  });

  it('(e) a volume removed while still mounted: INVARIANT_VOLUME, the ConfigMap held back', () => {
    tamper = onFile('ds.yaml', (text, edits) => [...edits, replace(text, '      - name: config\n        configMap:\n          name: fb\n', '')]);
    const result = run(files);
    // The output's container reads no config any more: the ConfigMap is in the deployment through the input's.
    expect(errors(result)).toEqual(['cm.yaml INVARIANT_RELATED', 'ds.yaml INVARIANT_VOLUME']);
    expect(changed(result)).toEqual([]);
  });

  it('each break in a stream of documents: the check refuses the whole file', () => {
    const cases: [string, Tamper][] = [
      ['YAML', onFile('all.yaml', (text, edits) => [...edits, replace(text, '      volumes:\n', '      volumes: [\n')])],
      ['classic', onFile('all.yaml', (text, edits) => [...edits, replace(text, '    [SERVICE]', '    [SERVICE')])],
      ['(a)', onFile('all.yaml', (text, edits) => [...edits, replace(text, '        - name: varlog\n          mountPath: /var/log\n        - name: config', '        - name: config')])],
      ['(b)', onFile('all.yaml', (text) => [replace(text, 'Parser docker', 'Parser cri-log')])],
      ['(d)', onFile('all.yaml', (text, edits) => [...edits, replace(text, '          mountPath: /var/log\n      containers:', '          mountPath: /var/log/pods\n      containers:')])],
      ['(e)', onFile('all.yaml', (text, edits) => [...edits, replace(text, '      - name: config\n        configMap:\n          name: fb\n', '')])],
    ];
    const want: Record<string, string[]> = {
      YAML: ['all.yaml INTERNAL_ERROR'],
      classic: ['all.yaml INTERNAL_ERROR'],
      '(a)': ['all.yaml INVARIANT_LOG_MOUNT'],
      '(b)': ['all.yaml INVARIANT_PARSER'],
      '(d)': ['all.yaml INVARIANT_CONTAINER'],
      '(e)': ['all.yaml INVARIANT_VOLUME'],
    };
    for (const [name, t] of cases) {
      tamper = t;
      const result = run(stream(files));
      expect([name, errors(result)]).toEqual([name, want[name]]);
      expect([name, changed(result)]).toEqual([name, []]);
    }
  });

  it('a break in one deployment of a stream of several: that file is refused, and only for that', () => {
    // Two deployments (fb and fb2) in one stream; the broken edit touches the second one only.
    const second = (s: string): string => s.replace(/name: fb\b/g, 'name: fb2');
    const text = [cm(), ds(), second(cm()), second(ds())].join('---\n');
    expect(errors(run({ 'all.yaml': text }))).toEqual([]);
    tamper = onFile('all.yaml', (t, edits) => {
      const at = t.lastIndexOf('      - name: config\n        configMap:\n          name: fb2\n');
      return [...edits, { start: at, end: at + '      - name: config\n        configMap:\n          name: fb2\n'.length, text: '', origin: 'test' }];
    });
    const result = run({ 'all.yaml': text });
    expect(errors(result)).toEqual(['all.yaml INVARIANT_VOLUME']);
    expect(changed(result)).toEqual([]);
  });
});
