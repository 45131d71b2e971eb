#!/usr/bin/env node
/**
 * npm run bench:parse
 *
 * Parses the same inputs with flb-migrate's parser (dist/, lossless tree +
 * diagnostics) and with @calyptia/fluent-bit-config-parser (tokenize + AST),
 * in one process, and prints MB/s for each and the ratio. Also prints our
 * MB/s against a plain text.split('\n') (the floor) and the cost of the
 * first parse in a fresh process (module load + lexer/parser construction).
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
const require = createRequire(import.meta.url);
const { FluentBitSchema } = require('@calyptia/fluent-bit-config-parser');

function walk(dir, out = []) {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (p.endsWith('.conf')) out.push(p);
  }
  return out;
}

/** Runs fn over inputs repeatedly for at least `ms`, returns MB/s. */
function throughput(inputs, fn, ms = 1500) {
  const bytes = inputs.reduce((n, x) => n + Buffer.byteLength(x.text), 0);
  for (let i = 0; i < 3; i++) for (const x of inputs) fn(x); // warm-up
  let rounds = 0;
  const t0 = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < ms) {
    for (const x of inputs) fn(x);
    rounds++;
    elapsed = Number(process.hrtime.bigint() - t0) / 1e6;
  }
  return (bytes * rounds) / (elapsed / 1000) / 1e6;
}

const tmp = mkdtempSync(join(tmpdir(), 'flb-bench-'));
const largeText = generateLargeConfig(2000);
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

const ours = (x) => {
  const r = parseConfig(x.text);
  if (r.tree.lines.length < 0) throw new Error('unreachable');
};
const theirs = (x) => new FluentBitSchema(x.text, x.path).AST;
const floor = (x) => x.text.split('\n');

for (const x of [{ text: largeText }, ...corpus]) {
  if (printConfig(parseConfig(x.text).tree) !== x.text) throw new Error('round-trip failed');
}

const rows = [];
for (const [name, inputs] of [['generated (2,000 sections)', [{ path: largePath, text: largeText }]], [`corpus (${corpus.length} .conf files)`, corpus]]) {
  const kb = inputs.reduce((n, x) => n + Buffer.byteLength(x.text), 0) / 1024;
  const a = throughput(inputs, ours);
  const b = throughput(inputs, theirs);
  const c = throughput(inputs, floor);
  rows.push({ input: name, KB: kb.toFixed(0), 'flb-migrate MB/s': a.toFixed(1), 'calyptia MB/s': b.toFixed(2), 'ratio vs calyptia': `${(a / b).toFixed(1)}x`, "split('\\n') MB/s": c.toFixed(0), 'share of floor': `${((a / c) * 100).toFixed(1)}%` });
}

// First parse in a fresh process: module load + lexer/parser construction + one small parse.
const probe = `const t0=performance.now();const {parseConfig}=await import(${JSON.stringify(join(root, 'dist/grammar/parse.js'))});const t1=performance.now();parseConfig('[INPUT]\\n    Name tail\\n');const t2=performance.now();console.log(JSON.stringify({load:t1-t0,first:t2-t1}));`;
const firsts = [];
for (let i = 0; i < 5; i++) firsts.push(JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', probe], { encoding: 'utf8' })));
const median = (xs) => xs.sort((p, q) => p - q)[Math.floor(xs.length / 2)];

console.log(`flb-migrate parse benchmark (node ${process.version}; calyptia skipped ${skipped} corpus files it throws on)`);
console.table(rows);
console.log(`first parse in a fresh process (median of 5): module load + construction ${median(firsts.map((f) => f.load)).toFixed(1)} ms, first parse ${median(firsts.map((f) => f.first)).toFixed(2)} ms`);
