import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { indexSpaces, type Space } from '../../src/convert/manifests/spaces.js';
import { readSetup, readSetupFiles, type ReadSetupOptions } from '../../src/convert/read-setup.js';
import { setupFilesFrom } from '../../src/convert/setup-files.js';
import { readBatch } from '../../src/migrate/read-batch.js';
import type { SourceFile } from '../../src/source/source-file.js';
import { walkCorpus, walkFiles } from '../helpers/corpus.js';
import { findCases, readTree } from '../helpers/golden.js';

/*
 * The --to-yaml plan's closure of a main (convert/manifests/plan.ts closureOf) reads only the names of the files a
 * setup reads (readSetupFiles: no view, parsers files not read; memory, issue #14, NOTES.md "`--to-yaml` classic
 * within the RSS goal"). It must name exactly what readSetup's view does: checked here for every config of every
 * space (ConfigMap or directory) of every to-yaml and convert fixture batch and every corpus repository folder
 * (walked), as a main and as a parsers file, with and without a base directory; and on setups of odd shapes.
 */

const ROOT = fileURLToPath(new URL('../../fixtures/', import.meta.url));
const batches: { id: string; files: SourceFile[] }[] = [...findCases(join(ROOT, 'to-yaml')), ...findCases(join(ROOT, 'convert'))].map((c) => ({
  id: c.id,
  files: readTree(join(c.dir, 'input')),
}));
const byFolder = new Map<string, SourceFile[]>();
for (const f of walkCorpus()) {
  const folder = f.rel.split('/')[0] as string;
  byFolder.set(folder, [...(byFolder.get(folder) ?? []), { path: f.rel, text: f.text }]);
}
for (const [id, files] of byFolder) batches.push({ id: `corpus ${id}`, files });
// Loose classic files of the fixtures, each directory one batch (the convert fixtures' inputs).
const loose = walkFiles(ROOT, (rel) => /\.conf$/i.test(rel));
const byDir = new Map<string, SourceFile[]>();
for (const f of loose) {
  const dir = f.rel.replace(/\/[^/]*$/, '');
  byDir.set(dir, [...(byDir.get(dir) ?? []), { path: f.rel, text: f.text }]);
}
for (const [id, files] of byDir) batches.push({ id: `fixtures ${id}`, files });

/** What readSetup's view names. */
function viewNames(main: string, options: ReadSetupOptions): { files: readonly string[]; parsersFiles: readonly (string | null)[] } {
  const { view } = readSetup(main, options);
  return { files: view.files, parsersFiles: view.parsersFiles.map((p) => p.file) };
}

function spacesOf(files: readonly SourceFile[]): Space[] {
  const state = readBatch(files, { fluentBitVersion: undefined });
  const spaces = indexSpaces(state.discoveries);
  for (const d of state.discoveries) for (const c of d.configs) spaces.spaceOf(c);
  return [...spaces.all()];
}

describe('readSetupFiles names what readSetup reads', () => {
  it('walks the fixtures and the corpus', () => {
    expect(batches.length).toBeGreaterThan(40);
  });

  it.each(batches.map((b) => [b.id, b] as const))('%s', (_id, b) => {
    for (const space of spacesOf(b.files)) {
      const files = setupFilesFrom(space.texts);
      for (const name of space.byName.keys()) {
        for (const baseDir of [undefined, '/fluent-bit/etc/']) {
          for (const role of ['main', 'parsers'] as const) {
            const options: ReadSetupOptions = { files, baseDir, unknownParsersFile: 'external', role };
            expect(readSetupFiles(name, options), `${name} (${role}, ${baseDir ?? 'no base'})`).toEqual(viewNames(name, options));
          }
        }
      }
    }
  });

  it('on odd shapes: includes (nested, glob, missing, twice), service in an include, parsers files (variable, absolute, missing, YAML), groups', () => {
    const files = setupFilesFrom({
      'fluent-bit.conf': [
        '[SERVICE]', '    Parsers_File  parsers.conf', '    parsers_file  ${P}', '',
        '@INCLUDE conf.d/*.conf', '@INCLUDE missing.conf', '@INCLUDE conf.d/a.conf',
        '[INPUT]', '    Name dummy', '    [GROUP x]', '        parsers_file nope.conf',
        '[OUTPUT]', '    Name stdout', '    Parsers_File  /fluent-bit/etc/other.conf', '',
      ].join('\n'),
      'conf.d/a.conf': '[SERVICE]\n    PARSERS_FILE  more.yaml\n@INCLUDE conf.d/b.conf\n',
      'conf.d/b.conf': '[FILTER]\n    Name grep\n[SERVICE]\n    parsers_file   absent.conf\n',
      'parsers.conf': '[PARSER]\n    Name p\n    Format json\n',
      'more.yaml': 'parsers:\n  - name: q\n    format: json\n',
      'other.conf': '[PARSER]\n    Name o\n    Format json\n',
      'main.yaml': 'service:\n  parsers_file: parsers.conf\nincludes:\n  - conf.d/a.conf\npipeline:\n  inputs:\n    - name: dummy\n',
    });
    for (const main of ['fluent-bit.conf', 'main.yaml', 'conf.d/a.conf', 'missing.conf']) {
      for (const baseDir of [undefined, '/fluent-bit/etc/']) {
        const options: ReadSetupOptions = { files, baseDir, unknownParsersFile: 'external' };
        const got = readSetupFiles(main, options);
        expect(got, main).toEqual(viewNames(main, options));
        expect(readSetupFiles(main, { ...options, followParsersFiles: false }).parsersFiles).toEqual([]);
      }
    }
    const got = readSetupFiles('fluent-bit.conf', { files, baseDir: '/fluent-bit/etc/', unknownParsersFile: 'external' });
    expect(got.files).toEqual(['fluent-bit.conf', 'conf.d/a.conf', 'conf.d/b.conf']);
    expect(got.parsersFiles).toEqual(['parsers.conf', null, 'more.yaml', null]); // an [OUTPUT]'s Parsers_File is no service property
  });
});
