import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { convertConfig } from '../../src/convert/convert-config.js';
import { convertSetup, yamlNameFor } from '../../src/convert/convert-setup.js';
import type { ConvertFinding } from '../../src/convert/findings.js';
import { expectNoStaleFiles, findCases, readCaseOptions, readTreeObject } from '../helpers/golden.js';
import { applyConversion, mainAfter } from './helpers/conformance.js';

/*
 * Golden cases: fixtures/convert/<case>/ with
 *   input/...               the classic setup (relative paths kept)
 *   case.json               optional: { main, parsersFiles, baseDir, fluentBitVersion }
 *                           or { single: { path, role } } for convertConfig on one file
 *   expected/...            every YAML file written (by its new name)
 *   expected-result.txt     accepted or refused, renames, removed and unchanged files
 *   expected-findings.txt   one finding per line
 * Walked and compared by test/helpers/golden.ts (`npx vitest run -u` regenerates
 * the expectations; review them like code).
 */

const ROOT = fileURLToPath(new URL('../../fixtures/convert/', import.meta.url));

interface CaseOptions {
  main?: string;
  parsersFiles?: string[];
  baseDir?: string;
  fluentBitVersion?: string;
  single?: { path: string; role?: 'main' | 'parsers' };
}

const cases = findCases(ROOT);

const line = (f: ConvertFinding): string => `${f.path}:${f.line}:${f.column} ${f.severity} ${f.ruleId} ${f.message}\n`;

describe('golden conversions (fixtures/convert)', () => {
  it('finds cases', () => {
    expect(cases.length).toBeGreaterThan(10);
  });
});

describe.each(cases)('$id', ({ dir }) => {
  const files = readTreeObject(join(dir, 'input'));
  const opts = readCaseOptions<CaseOptions>(dir, 'case.json', {});

  if (opts.single) {
    const { path, role } = opts.single;
    const result = convertConfig(files[path] ?? '', { path, role, fluentBitVersion: opts.fluentBitVersion });
    it('output', async () => {
      const expectedDir = join(dir, 'expected');
      if (result.yaml !== null) await expect(result.yaml).toMatchFileSnapshot(join(expectedDir, yamlNameFor(path)));
      expectNoStaleFiles(expectedDir, result.yaml === null ? [] : [yamlNameFor(path)]);
    });
    it('findings', async () => {
      await expect(result.findings.map(line).join('')).toMatchFileSnapshot(join(dir, 'expected-findings.txt'));
    });
    it('converting the output again changes nothing', () => {
      if (result.yaml !== null) expect(convertConfig(result.yaml, { path: yamlNameFor(path) }).yaml).toBe(result.yaml);
    });
    return;
  }

  const main = opts.main ?? 'fluent-bit.conf';
  const input = { files, main, parsersFiles: opts.parsersFiles, baseDir: opts.baseDir };
  const result = convertSetup(input, { fluentBitVersion: opts.fluentBitVersion });

  it('YAML files', async () => {
    const expectedDir = join(dir, 'expected');
    for (const f of result.files) await expect(f.text).toMatchFileSnapshot(join(expectedDir, f.to));
    expectNoStaleFiles(expectedDir, result.files.map((f) => f.to));
  });

  it('result', async () => {
    const summary = [
      result.ok ? 'converted' : `refused: ${result.refusal ?? ''}`,
      ...result.renames.map((r) => `rename ${r.from} -> ${r.to}`),
      ...result.removed.map((r) => `remove ${r}`),
      ...result.unchanged.map((r) => `unchanged ${r}`),
    ].map((l) => `${l}\n`).join('');
    await expect(summary).toMatchFileSnapshot(join(dir, 'expected-result.txt'));
  });

  it('findings', async () => {
    await expect(result.findings.map(line).join('')).toMatchFileSnapshot(join(dir, 'expected-findings.txt'));
  });

  it('every YAML file parses, and converting the result again is a no-op', () => {
    for (const f of result.files) {
      expect(parseAllDocuments(f.text, { uniqueKeys: false }).flatMap((d) => d.errors), f.to).toEqual([]);
    }
    if (!result.ok) {
      expect(result.files).toEqual([]);
      return;
    }
    const again = convertSetup({ ...input, files: applyConversion(files, result), main: mainAfter(main, result) }, { fluentBitVersion: opts.fluentBitVersion });
    expect(again.ok && again.files.length === 0).toBe(true);
  });
});
