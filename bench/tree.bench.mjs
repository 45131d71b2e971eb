#!/usr/bin/env node
/**
 * npm run bench:tree   (run `npm run build` first)
 *
 * Generates N manifests (N = 1,000 and 10,000) in a temp dir: per directory a
 * ConfigMap + DaemonSet pair, a Helm values file and a plain fluent-bit.conf,
 * spread over nested directories. Runs the built CLI in ONE process over the
 * tree (`--check`, then `--write` on a copy) and prints files/s, MB/s and
 * peak RSS (getrusage maxRSS, via bench/max-rss.mjs) for each N.
 * Figures only, no assertions. Goal: throughput holds as N grows and peak
 * memory stays flat (< 300 MB at 10,000 files).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const cli = join(root, 'dist/cli/main.js');
if (!existsSync(cli)) {
  console.error('bench:tree: dist/cli/main.js is missing; run `npm run build` first');
  process.exit(2);
}
const read = (p) => readFileSync(join(root, p), 'utf8');
const TEMPLATES = [
  ['fluent-bit-configmap.yaml', read('fixtures/cli/tree/logging/fluent-bit-configmap.yaml')],
  ['fluent-bit-daemonset.yaml', read('fixtures/cli/tree/logging/fluent-bit-daemonset.yaml')],
  ['values.yaml', read('fixtures/k8s/helm-values/input.yaml')],
  ['fluent-bit.conf', read('fixtures/cli/tree/raw/fluent-bit.conf')],
];

/** N files, 4 per directory, directories nested two levels deep. Returns total bytes. */
function generate(dir, n) {
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const d = Math.floor(i / TEMPLATES.length);
    const sub = join(dir, `cluster-${String(d % 25).padStart(2, '0')}`, `app-${String(d).padStart(5, '0')}`);
    const [name, text] = TEMPLATES[i % TEMPLATES.length];
    if (i % TEMPLATES.length === 0) mkdirSync(sub, { recursive: true });
    // vary the names a little so files are not byte-identical
    const body = text.replaceAll('fluent-bit-config', `fluent-bit-config-${d}`);
    writeFileSync(join(sub, name), body);
    bytes += Buffer.byteLength(body);
  }
  return bytes;
}

function runCli(args) {
  const rssFile = join(tmpdir(), `flb-bench-rss-${process.pid}`);
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--import', join(root, 'bench/max-rss.mjs'), cli, ...args], {
    env: { ...process.env, FLB_BENCH_RSS_FILE: rssFile, NO_COLOR: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rssKiB = Number(readFileSync(rssFile, 'utf8'));
  rmSync(rssFile, { force: true });
  const summary = r.stderr.toString().trim().split('\n').pop();
  return { seconds, rssMiB: rssKiB / 1024, status: r.status, summary };
}

const work = mkdtempSync(join(tmpdir(), 'flb-bench-tree-'));
console.log(`node ${process.version}, ${TEMPLATES.length} file kinds per directory`);
console.log('N       mode     wall s   files/s     MB/s   peak RSS MB  exit  summary');
try {
  for (const n of [1_000, 10_000]) {
    const tree = join(work, `tree-${n}`);
    const bytes = generate(tree, n);
    const copy = join(work, `copy-${n}`);
    cpSync(tree, copy, { recursive: true });
    for (const [mode, dir, flags] of [['check', tree, ['--check']], ['write', copy, ['--write']]]) {
      const r = runCli([dir, '--runtime', 'containerd', '--quiet', ...flags]);
      console.log(
        `${String(n).padEnd(7)} ${mode.padEnd(7)} ${r.seconds.toFixed(2).padStart(7)} ${(n / r.seconds).toFixed(0).padStart(9)} ${(bytes / 1e6 / r.seconds).toFixed(2).padStart(8)} ${r.rssMiB.toFixed(0).padStart(13)}  ${String(r.status).padStart(4)}  ${r.summary}`,
      );
    }
    console.log(`        (${(bytes / 1e6).toFixed(1)} MB in ${n} files)`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
