#!/usr/bin/env node
/**
 * npm run bench:startup   (run `npm run build` first)
 *
 * Wall time of `flb-migrate --version`, `--help` and a one-file migration
 * (the bundled docker-era ConfigMap, diff to /dev/null) against `node -e 0`,
 * each the median of RUNS fresh processes, interleaved in the same run,
 * printed as ratios. The binary is what package.json `bin` names (the esbuild
 * bundle, scripts/build-cli.mjs); the unbundled tsc output
 * (dist/cli/main.js) runs alongside for comparison.
 * Goal (issue #14): one-file migration within 2.3x of `node -e 0` on Node 20.
 * Figures only, no assertions.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
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
const commands = {
  'node -e 0': ['-e', '0'],
  'flb-migrate --version': [bin, '--version'],
  'flb-migrate --help': [bin, '--help'],
  'flb-migrate <1 file>': [bin, file, '--runtime', 'containerd'],
  'unbundled <1 file>': [unbundled, file, '--runtime', 'containerd'],
};

function once(args) {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { stdio: 'ignore', env: { ...process.env, NO_COLOR: '1' } });
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
  const goal = name === 'flb-migrate <1 file>' ? `   (goal <= ${GOAL}x: ${m / base <= GOAL ? 'met' : 'NOT met'})` : '';
  console.log(`${name.padEnd(24)} ${m.toFixed(1).padStart(7)} ms   ${(m / base).toFixed(2)}x node -e 0${goal}`);
}
