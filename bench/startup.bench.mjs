#!/usr/bin/env node
/**
 * npm run bench:startup   (run `npm run build` first)
 *
 * Wall time of `flb-migrate --version`, `--help` and a one-file migration
 * (the bundled docker-era ConfigMap, diff to /dev/null) against `node -e 0`,
 * each the median of RUNS fresh processes, interleaved in the same run,
 * printed as ratios. The binary is what package.json `bin` names (the esbuild
 * bundle, scripts/build-cli.mjs); the unbundled tsc output
 * (dist/cli/main.js) runs alongside for comparison, and so does the bin as
 * `npm i` installs it (no code cache shipped: the one its first run writes).
 * Goal (issue #14): one-file migration within 2.3x of `node -e 0` on Node 20.
 * Figures only, no assertions.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const bin = join(root, JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).bin['flb-migrate']);
const unbundled = join(root, 'dist/cli/main.js');
for (const f of [bin, unbundled]) {
  if (!existsSync(f)) {
    console.error(`bench:startup: ${f} is missing; run \`npm run build\` first`);
    process.exit(2);
  }
}
const RUNS = Number(process.env.RUNS ?? 15);
const GOAL = 2.3;
const file = join(root, 'examples/docker-era/fluent-bit-configmap.yaml');
// What `npm i flb-migrate` installs: the bin and its engine, no cache beside them (the package
// ships none); its first run writes one under NODE_COMPILE_CACHE (here a temp dir), and the
// rows measure the runs after it, like a user's second and later runs.
const installed = mkdtempSync(join(tmpdir(), 'flb-migrate-startup-'));
const installedBin = join(installed, 'pkg', relative(root, bin));
mkdirSync(dirname(installedBin), { recursive: true });
copyFileSync(bin, installedBin);
copyFileSync(join(dirname(bin), 'engine.cjs'), join(dirname(installedBin), 'engine.cjs'));
copyFileSync(join(root, 'package.json'), join(installed, 'pkg', 'package.json'));
process.on('exit', () => rmSync(installed, { recursive: true, force: true }));
const commands = {
  'node -e 0': ['-e', '0'],
  'flb-migrate --version': [bin, '--version'],
  'flb-migrate --help': [bin, '--help'],
  'flb-migrate <1 file>': [bin, file, '--runtime', 'containerd'],
  'installed <1 file>': [installedBin, file, '--runtime', 'containerd'],
  'unbundled <1 file>': [unbundled, file, '--runtime', 'containerd'],
};

function once(args) {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { stdio: 'ignore', env: { ...process.env, NO_COLOR: '1', NODE_COMPILE_CACHE: join(installed, 'cache') } });
  if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')} exited ${r.status}`);
  return Number(process.hrtime.bigint() - t) / 1e6;
}

const times = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
for (const args of Object.values(commands)) once(args); // warm the file cache
for (let i = 0; i < RUNS; i++) for (const [name, args] of Object.entries(commands)) times[name].push(once(args));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const base = median(times['node -e 0']);
console.log(`node ${process.version}, median of ${RUNS} runs each, interleaved; bin = ${bin.slice(root.length + 1)}`);
for (const [name, xs] of Object.entries(times)) {
  const m = median(xs);
  const goal = name === 'flb-migrate <1 file>' || name === 'installed <1 file>' ? `   (goal <= ${GOAL}x: ${m / base <= GOAL ? 'met' : 'NOT met'})` : '';
  console.log(`${name.padEnd(24)} ${m.toFixed(1).padStart(7)} ms   ${(m / base).toFixed(2)}x node -e 0${goal}`);
}
