import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { applyEdits } from '../../src/source/apply-edits.js';
import type { Edit } from '../../src/source/edit.js';
import { discoverFile } from '../../src/discover/discover-file.js';
import type { EmbeddedConfig } from '../../src/discover/discovery-types.js';
import { validateYaml } from '../../src/yaml/validate-yaml.js';
import { findCases } from '../helpers/golden.js';
import { summarize } from './helpers/summarize.js';

const ROOT = fileURLToPath(new URL('../../fixtures/discover/', import.meta.url));
const inputName = (dir: string): string | undefined => readdirSync(dir).find((f) => f.startsWith('input.'));
// One level: the folders of fixtures/discover with an input.* file (errors/, conf-kinds/ and templates/ have tests of their own).
const cases = findCases(ROOT, { isCase: (dir) => inputName(dir) !== undefined, nested: false });

type EditSpec = { find: string; replace: string } | { at: 'start' | 'end'; insert: string };
interface EditFile {
  readonly config: string;
  readonly yamlPath?: string;
  readonly edits: readonly EditSpec[];
}

function toInnerEdits(cfg: EmbeddedConfig, specs: readonly EditSpec[]): Edit[] {
  return specs.map((s) => {
    if ('find' in s) {
      const i = cfg.text.indexOf(s.find);
      if (i < 0) throw new Error(`'${s.find}' not in ${cfg.name}`);
      return { start: i, end: i + s.find.length, text: s.replace, origin: 'golden' };
    }
    const at = s.at === 'start' ? 0 : cfg.text.length;
    return { start: at, end: at, text: s.insert, origin: 'golden' };
  });
}

describe.each(cases)('fixtures/discover/$id', ({ dir }) => {
  const input = inputName(dir)!;
  const ext = input.slice('input'.length);
  const text = readFileSync(join(dir, input), 'utf8');
  const d = discoverFile({ path: input, text });

  it('discovery summary', async () => {
    await expect(JSON.stringify(summarize(d), null, 2) + '\n').toMatchFileSnapshot(join(dir, 'expected-summary.json'));
  });

  const editPath = join(dir, 'edit.json');
  it.skipIf(!existsSync(editPath))('sample edit', async () => {
    const spec = JSON.parse(readFileSync(editPath, 'utf8')) as EditFile;
    const cfg = d.configs.find((c) => c.name === spec.config && (spec.yamlPath === undefined || c.yamlPath.join('/') === spec.yamlPath));
    expect(cfg, spec.config).toBeDefined();
    const inner = toInnerEdits(cfg!, spec.edits);
    const out = applyEdits(text, cfg!.map.mapEdits(inner));
    await expect(out).toMatchFileSnapshot(join(dir, `expected${ext}`));
    expect(validateYaml(out)).toEqual([]);
    const again = discoverFile({ path: input, text: out }).configs.find((c) => c.id === cfg!.id);
    expect(again?.text).toBe(applyEdits(cfg!.text, inner));
  });
});
