#!/usr/bin/env node
/**
 * npm run bench:parse
 *
 * Parses the same inputs with flb-migrate's parser (dist/: lossless tree +
 * every diagnostic) and with @calyptia/fluent-bit-config-parser (tokenize +
 * AST), in one process, against a plain text.split('\n') (the floor), and
 * prints MB/s and the ratios. Goal (issue #14): >= 20x calyptia on both
 * inputs, and within 10x of the floor.
 *
 * The machine may be shared, so the contenders run in interleaved rounds
 * (each round: every contender for ~50 ms on the same input) and each figure
 * is the median over the rounds; the ratios are medians of the per-round
 * ratios, so a load change hits both sides of a ratio alike.
 *
 * Our tree builds its line objects and tokens when they are first read
 * (src/grammar/compact-tree.ts); the second table shows what reading them
 * costs, and what `loadConfig` (parse + model, what a migration runs) costs.
 * No assertions: figures only. Run `npm run build` first.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateLargeConfig } from './generate-config.mjs';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const { parseConfig } = await import(join(root, 'dist/grammar/parse.js'));
const { printConfig } = await import(join(root, 'dist/grammar/print.js'));
const { loadConfig } = await import(join(root, 'dist/model/config-model.js'));
const require = createRequire(import.meta.url);
const { FluentBitSchema } = require('@calyptia/fluent-bit-config-parser');

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const ROUND_MS = 50;

function walk(dir, out = []) {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (p.endsWith('.conf')) out.push(p);
  }
  return out;
}

const tmp = mkdtempSync(join(tmpdir(), 'flb-bench-'));
const SECTIONS = 3600; // ~0.5 MB
const largeText = generateLargeConfig(SECTIONS);
const largePath = join(tmp, 'large.conf');
writeFileSync(largePath, largeText);

// Corpus .conf files calyptia can read (it resolves @INCLUDE from disk and
// throws on some inputs); both parsers get exactly the same set.
const corpusDir = resolve(root, '../shared/corpus');
const corpus = [];
let skipped = 0;
for (const path of walk(corpusDir)) {
  const text = readFileSync(path, 'utf8');
  try {
    void new FluentBitSchema(text, path).AST;
    corpus.push({ path, text });
  } catch {
    skipped++;
  }
}

for (const x of [{ text: largeText }, ...corpus]) {
  if (printConfig(parseConfig(x.text).tree) !== x.text) throw new Error('round-trip failed');
}

let sink = 0;
const contenders = {
  ours: (x) => { sink += parseConfig(x.text).diagnostics.length; },
  calyptia: (x) => { sink += new FluentBitSchema(x.text, x.path).AST.length ?? 1; },
  floor: (x) => { sink += x.text.split('\n').length; },
  'ours, every token read': (x) => {
    for (const line of parseConfig(x.text).tree.lines) sink += line.tokens.length;
  },
  'ours, loadConfig (parse + model)': (x) => { sink += loadConfig(x.text).model.sections.length; },
};

/** MB/s of each contender per round, interleaved. */
function measure(inputs) {
  const bytes = inputs.reduce((n, x) => n + Buffer.byteLength(x.text), 0);
  const names = Object.keys(contenders);
  const perRound = Object.fromEntries(names.map((n) => [n, []]));
  for (const name of names) for (let i = 0; i < 3; i++) for (const x of inputs) contenders[name](x); // warm-up
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of names) {
      const fn = contenders[name];
      let reps = 0;
      const t0 = process.hrtime.bigint();
      let elapsed = 0;
      while (elapsed < ROUND_MS) {
        for (const x of inputs) fn(x);
        reps++;
        elapsed = Number(process.hrtime.bigint() - t0) / 1e6;
      }
      perRound[name].push((bytes * reps) / (elapsed / 1000) / 1e6);
    }
  }
  return { bytes, perRound };
}

const median = (xs) => [...xs].sort((p, q) => p - q)[Math.floor(xs.length / 2)];
const ratio = (a, b) => median(a.map((x, i) => x / b[i]));

const rows = [];
const lazyRows = [];
for (const [name, inputs] of [[`generated (${SECTIONS.toLocaleString('en')} sections)`, [{ path: largePath, text: largeText }]], [`corpus (${corpus.length} .conf files)`, corpus]]) {
  const { bytes, perRound: r } = measure(inputs);
  rows.push({
    input: name,
    KB: (bytes / 1024).toFixed(0),
    'flb-migrate MB/s': median(r.ours).toFixed(1),
    'calyptia MB/s': median(r.calyptia).toFixed(2),
    'x calyptia (goal >= 20)': `${ratio(r.ours, r.calyptia).toFixed(1)}x`,
    "split('\\n') MB/s": median(r.floor).toFixed(0),
    'floor / ours (goal <= 10)': `${ratio(r.floor, r.ours).toFixed(1)}x`,
  });
  lazyRows.push({
    input: name,
    'parse MB/s': median(r.ours).toFixed(1),
    'parse + every token read MB/s': median(r['ours, every token read']).toFixed(1),
    'loadConfig MB/s': median(r['ours, loadConfig (parse + model)']).toFixed(1),
  });
}

// First parse in a fresh process: module load + lexer/parser construction + one small parse.
const probe = `const t0=performance.now();const {parseConfig}=await import(${JSON.stringify(join(root, 'dist/grammar/parse.js'))});const t1=performance.now();parseConfig('[INPUT]\\n    Name tail\\n');const t2=performance.now();console.log(JSON.stringify({load:t1-t0,first:t2-t1}));`;
const firsts = [];
for (let i = 0; i < 5; i++) firsts.push(JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', probe], { encoding: 'utf8' })));

console.log(`flb-migrate parse benchmark (node ${process.version}; medians of ${ROUNDS} interleaved rounds; calyptia skipped ${skipped} corpus files it throws on)`);
console.table(rows);
console.log('lazy tree: what reading it costs');
console.table(lazyRows);
console.log(`first parse in a fresh process (median of 5): module load + construction ${median(firsts.map((f) => f.load)).toFixed(1)} ms, first parse ${median(firsts.map((f) => f.first)).toFixed(2)} ms`);
if (sink === 0) console.log('');
