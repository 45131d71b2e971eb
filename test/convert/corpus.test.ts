import { readFileSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';
import { isMap, isScalar, parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { convertConfig } from '../../src/convert/convert-config.js';
import { convertSetup, type ConvertSetupResult } from '../../src/convert/convert-setup.js';
import type { ConvertFinding } from '../../src/convert/findings.js';
import { readSetup } from '../../src/convert/read-setup.js';
import { setupFilesFrom } from '../../src/convert/setup-files.js';
import { loadConfig } from '../../src/model/config-model.js';
import { CORPUS_DIR, classicBlocksInYaml, looksClassic, walkCorpus } from '../helpers/corpus.js';
import { applyConversion, mainAfter } from './helpers/conformance.js';

/*
 * The corpus (../shared/corpus, walked): every classic config converts with
 * no internal error or is refused with a clear finding; every converted file
 * parses as YAML and reads back (the run-time proof already compared it);
 * converting again changes nothing, and an already-YAML setup is a no-op.
 *
 * Setups: a plain classic file is the main file of the files beside it (its
 * directory, recursively); a ConfigMap's data keys are one setup whose main
 * is `fluent-bit.conf` (or any key with plugin sections); every classic
 * string in any YAML file (Helm values pieces included) is also converted
 * alone with convertConfig.
 */

const isYaml = (rel: string): boolean => /\.(ya?ml|json)$/i.test(rel);
const corpus = walkCorpus();
/** MANIFEST.tsv `kind` column by local path. */
const kinds = new Map(readFileSync(join(CORPUS_DIR, 'MANIFEST.tsv'), 'utf8').split('\n').slice(1).map((l) => l.split('\t')).filter((c) => c.length >= 6).map((c) => [c[0] as string, c[5] as string]));

/** Parsers-only text: converted as a parsers file. */
function roleOf(text: string): 'main' | 'parsers' {
  const { model } = loadConfig(text);
  const types = model.sections.map((s) => s.type);
  return types.length > 0 && types.every((t) => t === 'parser' || t === 'multiline_parser') ? 'parsers' : 'main';
}

interface SetupCase {
  readonly id: string;
  readonly main: string;
  readonly files: Record<string, string>;
}

function plainSetups(): SetupCase[] {
  const plain = corpus.filter((f) => !isYaml(f.rel) && !f.rel.endsWith('.md') && !f.rel.endsWith('.j2'));
  const out: SetupCase[] = [];
  for (const f of plain) {
    if (roleOf(f.text) === 'parsers') continue;
    const dir = dirname(f.rel);
    const files: Record<string, string> = {};
    for (const g of plain) {
      const rel = relative(dir, g.rel).split('\\').join('/');
      if (!rel.startsWith('..')) files[rel] = g.text;
    }
    out.push({ id: f.rel, main: posix.basename(f.rel), files });
  }
  return out;
}

function configMapSetups(): SetupCase[] {
  const out: SetupCase[] = [];
  for (const f of corpus.filter((x) => isYaml(x.rel))) {
    for (const [i, doc] of parseAllDocuments(f.text).entries()) {
      if (!('contents' in doc) || !isMap(doc.contents)) continue;
      const kind = doc.contents.get('kind') as unknown;
      const data = doc.contents.get('data');
      if (kind !== 'ConfigMap' || !isMap(data)) continue;
      const files: Record<string, string> = {};
      for (const pair of data.items) {
        if (isScalar(pair.key) && isScalar(pair.value) && typeof pair.value.value === 'string') files[String(pair.key.value)] = pair.value.value;
      }
      const classic = Object.entries(files).filter(([, t]) => looksClassic(t));
      if (classic.length === 0) continue;
      const mains = 'fluent-bit.conf' in files ? ['fluent-bit.conf'] : classic.filter(([, t]) => roleOf(t) === 'main' && /^\[(INPUT|OUTPUT)/im.test(t)).map(([k]) => k);
      for (const main of mains) out.push({ id: `${f.rel}#${i}/${main}`, main, files });
    }
  }
  return out;
}

const setups = [...plainSetups(), ...configMapSetups()];
const blocks = corpus.filter((f) => isYaml(f.rel)).flatMap((f) => classicBlocksInYaml(f.text).map((text, i) => ({ id: `${f.rel}#${i}`, text })));

/** A refusal: errors, or a file of the setup that is not among the inputs (a warning: the config may be fine). */
function isClearRefusal(findings: readonly ConvertFinding[]): boolean {
  const errors = findings.filter((f) => f.severity === 'error' || f.ruleId === 'to-yaml-missing-file');
  return errors.length > 0 && errors.every((f) => f.line >= 1 && f.column >= 1 && f.message.length > 10 && f.path !== '');
}

function yamlErrors(text: string): string[] {
  return parseAllDocuments(text, { uniqueKeys: false }).flatMap((d) => d.errors.map((e) => e.message));
}

describe('corpus: classic setups convert to YAML or are refused clearly', () => {
  const results = setups.map((s) => ({ s, r: convertSetup({ files: s.files, main: s.main }) }));

  it('walks the corpus', () => {
    expect(setups.length).toBeGreaterThan(40);
    const reasons = new Map<string, number>();
    for (const { r } of results.filter((x) => !x.r.ok)) {
      const rule = r.findings.find((f) => f.severity === 'error' || f.ruleId === 'to-yaml-missing-file')?.ruleId ?? '?';
      reasons.set(rule, (reasons.get(rule) ?? 0) + 1);
    }
    const converted = results.filter((x) => x.r.ok);
    console.log(`corpus setups: ${converted.length}/${setups.length} converted (${converted.reduce((n, x) => n + x.r.files.length, 0)} YAML files), refused: ${[...reasons].map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`);
  });

  it('has no internal error (a refusal never comes from our own writer disagreeing with our reader)', () => {
    const internal = results.flatMap(({ s, r }) => r.findings.filter((f) => f.ruleId === 'to-yaml-not-equivalent').map((f) => `${s.id}: ${f.message}`));
    expect(internal).toEqual([]);
  });

  it('every refusal says why, where', () => {
    expect(results.filter(({ r }) => !r.ok && !isClearRefusal(r.findings)).map(({ s }) => s.id)).toEqual([]);
  });

  it('every converted file parses as YAML and the setup reads back without errors', () => {
    const bad: string[] = [];
    for (const { s, r } of results.filter((x) => x.r.ok)) {
      for (const f of r.files) for (const e of yamlErrors(f.text)) bad.push(`${s.id} ${f.to}: ${e}`);
      const back = readSetup(mainAfter(s.main, r), { files: setupFilesFrom(applyConversion(s.files, r)) });
      for (const e of back.errors) bad.push(`${s.id} ${e.file}: ${e.message}`);
    }
    expect(bad).toEqual([]);
  });

  it('converting twice gives the same result, and converting the result is a no-op', () => {
    const bad: string[] = [];
    for (const { s, r } of results) {
      const again = convertSetup({ files: s.files, main: s.main });
      if (JSON.stringify(again) !== JSON.stringify(r)) bad.push(`${s.id}: not deterministic`);
      if (!r.ok) continue;
      const next: ConvertSetupResult = convertSetup({ files: applyConversion(s.files, r), main: mainAfter(s.main, r) });
      if (!next.ok || next.files.length > 0 || !next.findings.some((f) => f.ruleId === 'to-yaml-already-yaml')) bad.push(`${s.id}: second conversion is not a no-op`);
      for (const f of r.files) {
        const single = convertConfig(f.text, { path: f.to });
        if (single.yaml !== f.text) bad.push(`${s.id} ${f.to}: convertConfig on YAML changed it`);
      }
    }
    expect(bad).toEqual([]);
  });
});

describe('corpus: every classic text converts alone (convertConfig)', () => {
  const plain = corpus.filter((f) => !isYaml(f.rel) && !f.rel.endsWith('.md') && !f.rel.endsWith('.j2')).map((f) => ({ id: f.rel, text: f.text }));
  const all = [...plain, ...blocks];
  const results = all.map((b) => ({ b, r: convertConfig(b.text, { path: 'fluent-bit.conf', role: roleOf(b.text) }) }));

  it('walks every text', () => {
    expect(all.length).toBeGreaterThan(150);
    const ok = results.filter((x) => x.r.yaml !== null).length;
    console.log(`corpus texts: ${ok}/${all.length} converted alone, ${all.length - ok} refused`);
  });

  it('converts or refuses clearly, never with an internal error', () => {
    const bad = results.filter(({ r }) => (r.yaml === null && !isClearRefusal(r.findings)) || r.findings.some((f) => f.ruleId === 'to-yaml-not-equivalent'));
    expect(bad.map(({ b, r }) => `${b.id}: ${JSON.stringify(r.findings.filter((f) => f.severity === 'error'))}`)).toEqual([]);
  });

  it('every converted text parses as YAML, and converting it again changes nothing', () => {
    const bad: string[] = [];
    for (const { b, r } of results) {
      if (r.yaml === null) continue;
      for (const e of yamlErrors(r.yaml)) bad.push(`${b.id}: ${e}`);
      if (convertConfig(r.yaml, { path: 'fluent-bit.yaml' }).yaml !== r.yaml) bad.push(`${b.id}: second run changed the YAML`);
    }
    expect(bad).toEqual([]);
  });

  it('an already-YAML Fluent Bit config of the corpus is left alone', () => {
    const yamlConfs = corpus.filter((f) => kinds.get(f.rel) === 'yaml-conf');
    expect(yamlConfs.length).toBeGreaterThan(0);
    for (const f of yamlConfs) {
      const name = posix.basename(f.rel);
      const r = convertSetup({ files: { [name]: f.text }, main: name });
      expect(r.ok && r.files.length === 0, f.rel).toBe(true);
      expect(convertConfig(f.text, { path: name }).yaml, f.rel).toBe(f.text);
    }
  });
});
