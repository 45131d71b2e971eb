#!/usr/bin/env node
/**
 * npm run bench:tree   (run `npm run build` first)
 *
 * Generates two kinds of trees in a temp dir, each with N = 1,000 and 10,000
 * files, and runs the built CLI in ONE process over each (`--check`, then
 * `--write` on a copy), printing files/s, MB/s and peak RSS (getrusage
 * maxRSS, via bench/max-rss.mjs):
 *
 * - `fluent-bit`: every file is Fluent Bit's: per directory a ConfigMap +
 *   DaemonSet pair (fixtures/cli/tree), a Helm values file
 *   (fixtures/discover/helm-values) and a plain fluent-bit.conf. Goal (issue
 *   #14): >= 1,000 files/s in --check at 10,000 files.
 * - `gitops`: a GitOps repository of application manifests (Deployment,
 *   Service, ConfigMap, Ingress, kustomization.yaml per app directory), 1% of
 *   the files Fluent Bit's (a logging directory every 40 app directories,
 *   holding the ConfigMap + DaemonSet pair next to unrelated files). Goal:
 *   >= 8,000 files/s in --check at 10,000 files.
 *
 * Peak RSS should stay flat between 1,000 and 10,000 files. CPU s is the
 * CLI process's user + system time (getrusage): on a shared machine it moves
 * less than the wall time, which the goals are about.
 * Figures only, no assertions. `--runs K` repeats each measurement K times
 * and prints the median (default 1).
 *
 * For profiling and A/B comparisons (figures of two builds on the same tree):
 * `--only fluent-bit|gitops` runs one kind, `--n N` one size (instead of
 * 1,000 and 10,000), `--mode check|write` one mode, and `--keep DIR` writes
 * the trees under DIR (`<kind>-<N>`) and leaves them there; a tree already
 * in DIR is reused as it is (delete it after changing the generator).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fluentBitPlan, gitopsPlan, writeTree } from './generate-tree.mjs';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
// The bin users run (package.json `bin`, the esbuild bundle). BENCH_CLI: another build's bin (to compare with a branch); the inputs still come from this checkout.
const cli = process.env.BENCH_CLI ?? join(root, JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).bin['flb-migrate']);
if (!existsSync(cli)) {
  console.error(`bench:tree: ${cli} is missing; run \`npm run build\` first`);
  process.exit(2);
}
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Math.max(1, Number(process.argv[runsArg + 1]) || 1) : 1;
const argOf = (name) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const ONLY = argOf('--only');
const SIZES = argOf('--n') === undefined ? [1_000, 10_000] : [Math.max(1, Number(argOf('--n')) || 1)];
const MODES = argOf('--mode') === undefined ? ['check', 'write'] : [argOf('--mode')];
const KEEP = argOf('--keep') === undefined ? undefined : resolve(argOf('--keep'));
if (ONLY !== undefined && ONLY !== 'fluent-bit' && ONLY !== 'gitops') {
  console.error(`bench:tree: --only takes fluent-bit or gitops, not ${ONLY}`);
  process.exit(2);
}
if (MODES.some((m) => m !== 'check' && m !== 'write')) {
  console.error(`bench:tree: --mode takes check or write, not ${MODES[0]}`);
  process.exit(2);
}
function runCli(args) {
  const rssFile = join(tmpdir(), `flb-bench-rss-${process.pid}`);
  const cpuFile = join(tmpdir(), `flb-bench-cpu-${process.pid}`);
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--import', join(root, 'bench/max-rss.mjs'), cli, ...args], {
    env: { ...process.env, FLB_BENCH_RSS_FILE: rssFile, FLB_BENCH_CPU_FILE: cpuFile, NO_COLOR: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rssKiB = Number(readFileSync(rssFile, 'utf8'));
  const cpuSeconds = Number(readFileSync(cpuFile, 'utf8')) / 1e6;
  rmSync(rssFile, { force: true });
  rmSync(cpuFile, { force: true });
  const summary = r.stderr.toString().trim().split('\n').pop();
  return { seconds, cpuSeconds, rssMiB: rssKiB / 1024, status: r.status, summary };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const work = mkdtempSync(join(tmpdir(), 'flb-bench-tree-'));
console.log(`node ${process.version}, ${RUNS === 1 ? 'one run' : `median of ${RUNS} runs`} per line; goals at 10,000 files: fluent-bit --check >= 1,000 files/s, gitops --check >= 8,000 files/s`);
console.log('tree        N       mode     wall s   files/s     MB/s    CPU s  files/CPU s  peak RSS MB  exit  summary');
try {
  for (const [kind, planOf] of [['fluent-bit', fluentBitPlan], ['gitops', gitopsPlan]]) {
    if (ONLY !== undefined && kind !== ONLY) continue;
    for (const n of SIZES) {
      const tree = join(KEEP ?? work, `${kind}-${n}`);
      const plan = planOf(n);
      const bytes = KEEP !== undefined && existsSync(tree) ? plan.reduce((sum, [, , text]) => sum + Buffer.byteLength(text), 0) : writeTree(tree, plan);
      for (const mode of MODES) {
        const samples = [];
        for (let k = 0; k < RUNS; k++) {
          let dir = tree;
          if (mode === 'write') {
            dir = join(work, `copy-${kind}-${n}`);
            rmSync(dir, { recursive: true, force: true });
            cpSync(tree, dir, { recursive: true });
          }
          samples.push(runCli([dir, '--runtime', 'containerd', '--quiet', `--${mode}`]));
        }
        const seconds = median(samples.map((s) => s.seconds));
        const cpuSeconds = median(samples.map((s) => s.cpuSeconds));
        const rss = median(samples.map((s) => s.rssMiB));
        const last = samples[samples.length - 1];
        console.log(
          `${kind.padEnd(11)} ${String(n).padEnd(7)} ${mode.padEnd(7)} ${seconds.toFixed(2).padStart(7)} ${(n / seconds).toFixed(0).padStart(9)} ${(bytes / 1e6 / seconds).toFixed(2).padStart(8)} ${cpuSeconds.toFixed(2).padStart(8)} ${(n / cpuSeconds).toFixed(0).padStart(12)} ${rss.toFixed(0).padStart(13)}  ${String(last.status).padStart(4)}  ${last.summary}`,
        );
      }
      console.log(`${''.padEnd(20)}(${(bytes / 1e6).toFixed(1)} MB in ${n} files${KEEP === undefined ? '' : `, kept in ${tree}`})`);
      if (KEEP === undefined) rmSync(tree, { recursive: true, force: true });
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
