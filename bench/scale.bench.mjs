#!/usr/bin/env node
/**
 * npm run bench:scale   (run `npm run build` first)
 *
 * One big input per case, each migrated by the built bin (package.json
 * `bin`; BENCH_CLI=path for another build's) in its own child process (`--runtime containerd --quiet`, the diff to /dev/null): a stream of
 * 100 / 1,000 / 10,000 documents (ConfigMaps holding Docker-era classic
 * configs + the DaemonSets that mount them), `kubectl get cm -A -o json`
 * Lists and classic `.conf` files of 1, 10 and 50 MB, and --to-yaml cases (`to-yaml whole`: a block List
 * of 1,000 and 10,000 items whose first and last items share an anchor, generateSharedAnchorList; the name is the
 * case's history: it was read whole until `partalias`, now the two items are one chunk and the rest is partitioned).
 * Prints wall time, MB/s, time per MB and peak RSS (getrusage maxRSS, via
 * bench/max-rss.mjs) next to the goals of issue #14: time per MB flat within
 * 2x across the sizes of one kind; peak RSS <= 10x the input + 100 MB.
 * Time per MB is net of the start of a process (the wall time of a
 * one-document file, printed first), which would dominate small inputs.
 * Also prints the marginal s/MB between successive sizes (information only: a fixed
 * warm-up of the first size cancels out of it), and a peer measured in the same
 * run (bench/scale-peer.mjs: the same file parsed by `yaml` alone, or by
 * calyptia's classic parser up to 10 MB), net of its own one-document start,
 * with its own largest / smallest ratio: what parsing the input alone costs
 * per MB at each size. Figures only, no assertions. `--quick` skips the 50 MB and 10,000-document
 * cases; `--runs N` takes the median of N runs (default 1).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateClassic, generateJsonList, generateManifest, generateSharedAnchorList } from './generate-scale.mjs';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
// The bin users run (package.json `bin`, the esbuild bundle); BENCH_CLI: another build's bin, to compare.
const cli = process.env.BENCH_CLI ?? join(root, JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).bin['flb-migrate']);
if (!existsSync(cli)) {
  console.error(`bench:scale: ${cli} is missing; run \`npm run build\` first`);
  process.exit(2);
}
const quick = process.argv.includes('--quick');
const runsAt = process.argv.indexOf('--runs');
const runs = runsAt > 0 ? Math.max(1, Number(process.argv[runsAt + 1]) || 1) : 1;
const MB = 1e6;
const peer = join(root, 'bench/scale-peer.mjs');
/** calyptia's parser holds the whole tree of a classic file: above this it is not run. */
const PEER_MAX_CLASSIC_BYTES = 10 * MB + 1;

/** kind, label, file name, text maker, extra flags. */
const CASES = [
  ['documents', '100 docs', 'docs-100.yaml', () => generateManifest(100)],
  ['documents', '1,000 docs', 'docs-1000.yaml', () => generateManifest(1_000)],
  ['documents', '10,000 docs', 'docs-10000.yaml', () => generateManifest(10_000), [], true],
  ['manifest', '1 MB', 'manifest-1.yaml', () => generateManifest(Math.round((1 * MB) / 785))],
  ['manifest', '10 MB', 'manifest-10.yaml', () => generateManifest(Math.round((10 * MB) / 785)), [], true],
  ['json list', '1 MB', 'list-1.json', () => generateJsonList(1 * MB)],
  ['json list', '3 MB', 'list-3.json', () => generateJsonList(3 * MB)],
  ['json list', '10 MB', 'list-10.json', () => generateJsonList(10 * MB), [], true],
  ['classic', '1 MB', 'classic-1.conf', () => generateClassic(1 * MB)],
  ['classic', '10 MB', 'classic-10.conf', () => generateClassic(10 * MB)],
  ['classic', '50 MB', 'classic-50.conf', () => generateClassic(50 * MB), [], true],
  ['to-yaml', '1,000 docs', 'docs-1000.yaml', () => generateManifest(1_000), ['--to-yaml']],
  ['to-yaml classic', '1 MB', 'classic-1.conf', () => generateClassic(1 * MB), ['--to-yaml']],
  ['to-yaml classic', '10 MB', 'classic-10.conf', () => generateClassic(10 * MB), ['--to-yaml'], true],
  ['to-yaml whole', '1,000 docs', 'list-1000.yaml', () => generateSharedAnchorList(1_000), ['--to-yaml']], ['to-yaml whole', '10,000 docs', 'list-10000.yaml', () => generateSharedAnchorList(10_000), ['--to-yaml'], true],
];

function runCli(file, flags) {
  const rssFile = join(tmpdir(), `flb-bench-rss-${process.pid}`);
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--import', join(root, 'bench/max-rss.mjs'), cli, file, '--runtime', 'containerd', '--quiet', ...flags], {
    env: { ...process.env, FLB_BENCH_RSS_FILE: rssFile, NO_COLOR: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rssMiB = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) / 1024 : NaN;
  rmSync(rssFile, { force: true });
  const lines = r.stderr.toString().trim().split('\n');
  return { seconds, rssMiB, status: r.status, summary: lines[lines.length - 1] ?? '' };
}

/** Wall seconds of the peer parsing `file` in a child process of its own. */
function runPeer(file) {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [peer, file], { stdio: ['ignore', 'ignore', 'pipe'] });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return r.status === 0 ? seconds : NaN;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const work = mkdtempSync(join(tmpdir(), 'flb-bench-scale-'));
console.log(`node ${process.version}, ${runs} run(s) per case (median)${quick ? ', --quick' : ''}`);
console.log('goals: time per MB flat within 2x across sizes of one kind; peak RSS <= 10 x input + 100 MB');
const perMb = new Map();
/** kind -> the peer's net s/MB per size it ran. */
const peerPerMb = new Map();
/** kind -> [MB, wall s] per size, for the marginal cost between successive sizes. */
const walls = new Map();
try {
  const tiny = join(work, 'one.yaml');
  writeFileSync(tiny, generateManifest(1));
  const base = median(Array.from({ length: Math.max(3, runs) }, () => runCli(tiny, []).seconds));
  console.log(`start of a process (one document): ${base.toFixed(2)} s, subtracted from s/MB`);
  const tinyConf = join(work, 'one.conf');
  writeFileSync(tinyConf, generateClassic(700));
  const peerBase = (f) => median(Array.from({ length: Math.max(3, runs) }, () => runPeer(f)));
  const peerBases = { yaml: peerBase(tiny), conf: peerBase(tinyConf) };
  console.log(`peer (bench/scale-peer.mjs: yaml parseAllDocuments; calyptia for .conf up to 10 MB), start on one document: ${peerBases.yaml.toFixed(2)} s (yaml), ${peerBases.conf.toFixed(2)} s (calyptia), subtracted from its s/MB`);
  console.log('kind            size           MB   wall s    MB/s   s/MB  RSS MB  RSS goal  exit  peer s/MB  summary');
  for (const [kind, label, name, make, flags = [], big = false] of CASES) {
    if (quick && big) continue;
    const file = join(work, name);
    if (!existsSync(file)) writeFileSync(file, make());
    const bytes = readFileSync(file).length;
    const results = Array.from({ length: runs }, () => runCli(file, flags));
    const seconds = median(results.map((r) => r.seconds));
    const rss = median(results.map((r) => r.rssMiB));
    const last = results[results.length - 1];
    const mb = bytes / MB;
    const goal = 10 * mb + 100;
    if (!perMb.has(kind)) perMb.set(kind, []);
    const net = Math.max(0, seconds - base) / mb;
    perMb.get(kind).push(net);
    const conf = name.endsWith('.conf');
    let peerNet = NaN;
    if (!conf || bytes <= PEER_MAX_CLASSIC_BYTES) {
      peerNet = Math.max(0, median(Array.from({ length: runs }, () => runPeer(file))) - (conf ? peerBases.conf : peerBases.yaml)) / mb;
      if (!peerPerMb.has(kind)) peerPerMb.set(kind, []);
      peerPerMb.get(kind).push(peerNet);
    }
    if (!walls.has(kind)) walls.set(kind, []);
    walls.get(kind).push([mb, seconds]);
    console.log(
      `${kind.padEnd(15)} ${label.padEnd(12)} ${mb.toFixed(1).padStart(5)} ${seconds.toFixed(2).padStart(8)} ${(mb / seconds).toFixed(2).padStart(7)} ${net.toFixed(2).padStart(6)} ${rss.toFixed(0).padStart(7)} ${goal.toFixed(0).padStart(9)}${rss <= goal ? ' ' : '!'} ${String(last.status).padStart(4)}  ${(Number.isNaN(peerNet) ? '-' : peerNet.toFixed(2)).padStart(9)}  ${last.summary}`,
    );
  }
  console.log('\nnet time per MB, largest / smallest of a kind (goal <= 2x):');
  for (const [kind, xs] of perMb) {
    if (xs.length < 2) continue;
    const p = peerPerMb.get(kind) ?? [];
    const peerRatio = p.length > 1 ? `   (peer on the sizes it ran: ${(Math.max(...p) / Math.min(...p)).toFixed(2)}x)` : '';
    console.log(`  ${kind.padEnd(15)} ${(Math.max(...xs) / Math.min(...xs)).toFixed(2)}x${peerRatio}`);
  }
  // Also printed (not the goal's figure): the marginal cost of each added MB between successive
  // sizes, which a fixed warm-up of the first size (V8's JIT, NOTES "Small inputs") does not enter.
  console.log('\nmarginal s/MB between successive sizes of a kind (information; a fixed cost cancels out):');
  for (const [kind, ps] of walls) {
    if (ps.length < 2) continue;
    const steps = ps.slice(1).map(([mb, s], i) => (s - ps[i][1]) / (mb - ps[i][0]));
    console.log(`  ${kind.padEnd(15)} ${steps.map((x) => x.toFixed(2)).join(' -> ')}  (${(Math.max(...steps) / Math.min(...steps)).toFixed(2)}x)`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
