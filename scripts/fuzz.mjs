#!/usr/bin/env node
// Fuzz campaign over the shared corpus, outside CI (CI runs a fixed 10,000
// small cases in test/fuzz/fuzz.test.ts):
//
//   npm run build && npm run fuzz -- --cases 100000 [--seed N] [--small] [--from I]
//
// Drives the BUILT library (dist/). Cases run in a worker thread; if one runs
// longer than --hang-ms (default 30 s) the worker is terminated, the case is
// reported as a hang and the campaign goes on with the next case. Every
// failing input is saved as `<hash>.<ext>` (one file) or a folder `<hash>/`
// (a batch): exceptions and broken contracts under fixtures/fuzz/, which
// test/fuzz/replay.test.ts replays in CI; hangs and cases slower than 1 s
// under fixtures/fuzz/slow/ (git-ignored; replay by hand).
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { loadSeedCorpus } from '../test/fuzz/corpus.mjs';
import { runCase } from '../test/fuzz/engine.mjs';
import { makeCase } from '../test/fuzz/mutate.mjs';

const SLOW_MS = 1000;

if (isMainThread) await main();
else await work();

async function main() {
  const { values } = parseArgs({
    options: {
      cases: { type: 'string', default: '10000' },
      seed: { type: 'string', default: '1' },
      from: { type: 'string', default: '0' },
      small: { type: 'boolean', default: false },
      'hang-ms': { type: 'string', default: '30000' },
    },
  });
  const cases = Number(values.cases);
  const seed = Number(values.seed);
  const hangMs = Number(values['hang-ms']);
  const small = values.small;
  const corpus = loadSeedCorpus();
  const started = performance.now();
  const stats = { done: 0, failures: 0, crashes: 0, hangs: 0, slow: 0, slowest: { ms: 0, index: -1, ops: '' } };
  console.log(`fuzz: seed ${seed}, ${cases} cases from ${values.from}, ${small ? 'small windows' : 'whole files'}, corpus ${corpus.length} files`);

  let next = Number(values.from);
  const end = next + cases;
  while (next < end) {
    next = await runWorker({ seed, from: next, to: end, small }, hangMs, (msg) => {
      if (msg.type === 'done') {
        stats.done++;
        if (msg.ms > stats.slowest.ms) stats.slowest = { ms: msg.ms, index: msg.index, ops: msg.ops };
        if (msg.ms > SLOW_MS) stats.slow++;
        if (msg.failure !== undefined) {
          if (msg.failure.startsWith('exception')) stats.crashes++;
          report(corpus, seed, small, msg.index, msg.failure, stats);
        } else if (msg.ms > SLOW_MS) report(corpus, seed, small, msg.index, `slow: ${msg.ms.toFixed(0)} ms`, stats, 'slow');
        if (stats.done % 10000 === 0) console.log(`  ${stats.done} cases, ${stats.failures} failures, ${((performance.now() - started) / 1000).toFixed(0)} s`);
      }
    }, (index) => {
      stats.done++;
      stats.hangs++;
      report(corpus, seed, small, index, `hang: no result after ${hangMs} ms`, stats, 'slow');
    });
  }
  const s = stats.slowest;
  console.log(`cases: ${stats.done}`);
  console.log(`crashes (exceptions): ${stats.crashes}`);
  console.log(`failures (all kinds; contract failures saved to fixtures/fuzz/, slow cases and hangs to fixtures/fuzz/slow/): ${stats.failures}`);
  console.log(`hangs: ${stats.hangs}, slower than ${SLOW_MS} ms: ${stats.slow}`);
  console.log(`slowest case: ${s.ms.toFixed(1)} ms (case ${s.index}: ${s.ops})`);
  console.log(`wall time: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  process.exitCode = stats.failures > 0 ? 1 : 0;
}

/** Runs cases [from, to) in a worker; resolves with the next index to run (after a hang: the one after it). */
function runWorker(data, hangMs, onMessage, onHang) {
  return new Promise((resolvePromise, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: data });
    let current = data.from;
    let timer;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        onHang(current);
        worker.terminate().then(() => resolvePromise(current + 1), reject);
      }, hangMs);
    };
    arm();
    worker.on('message', (msg) => {
      if (msg.type === 'start') {
        current = msg.index;
        arm();
      } else onMessage(msg);
    });
    worker.on('error', (error) => {
      clearTimeout(timer);
      // an error the case runner could not catch (out of memory...): count it and go on
      onHang(current);
      console.log(`  worker died on case ${current}: ${error.message}`);
      resolvePromise(current + 1);
    });
    worker.on('exit', () => {
      clearTimeout(timer);
      resolvePromise(data.to);
    });
  });
}

async function work() {
  const { migrate } = await import('../dist/index.js');
  const corpus = loadSeedCorpus();
  const { seed, from, to, small } = workerData;
  for (let index = from; index < to; index++) {
    parentPort.postMessage({ type: 'start', index });
    const c = makeCase(corpus, seed, index, { small });
    const outcome = runCase(migrate, c);
    parentPort.postMessage({ type: 'done', index, ms: outcome.ms, failure: outcome.failure, ops: c.ops.join(' ') });
  }
}

/** Contract failures go to fixtures/fuzz/ (replayed in CI); slow cases and hangs to fixtures/fuzz/slow/ (git-ignored: megabytes, seconds each). */
function report(corpus, seed, small, index, failure, stats, kind = 'contract') {
  stats.failures++;
  const c = makeCase(corpus, seed, index, { small });
  const where = saveCase(c, kind === 'slow' ? 'fixtures/fuzz/slow' : 'fixtures/fuzz');
  if (stats.failures <= 20) {
    console.log(`FAIL case ${index} (seed ${seed}${small ? ', --small' : ''}; ${c.ops.join(' ')}) saved to ${where}`);
    console.log(`  ${failure.split('\n').slice(0, 6).join('\n  ')}`);
  }
}

/** Saves a failing case under fixtures/fuzz/, named by the hash of its content. */
function saveCase(c, folder) {
  const dir = resolve(process.cwd(), folder);
  mkdirSync(dir, { recursive: true });
  const hash = createHash('sha256');
  for (const f of c.files) hash.update(f.path).update('\0').update(f.text).update('\0');
  const id = hash.digest('hex').slice(0, 16);
  const nameOf = (f) => f.path.slice(f.path.lastIndexOf('/') + 1);
  if (c.files.length === 1) {
    const f = c.files[0];
    const ext = /\.[A-Za-z0-9]+$/.exec(f.path)?.[0] ?? '.conf';
    const file = join(dir, `${id}${ext}`);
    writeFileSync(file, f.text);
    return file;
  }
  const batch = join(dir, id);
  mkdirSync(batch, { recursive: true });
  for (const f of c.files) writeFileSync(join(batch, nameOf(f)), f.text);
  return batch;
}
