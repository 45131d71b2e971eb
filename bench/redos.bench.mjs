#!/usr/bin/env node
/**
 * npm run bench:redos   (run `npm run build` first)
 *
 * ReDoS guard, dynamic half (the static half, test/fuzz/redos-static.test.ts,
 * checks every regex of src/ with recheck and is the unit test). parseConfig
 * and migrate (which runs discover) get 100 KB and 1 MB adversarial lines of
 * each shape a regex could stumble on, in each place a regex reads; the cost
 * must grow linearly: 1 MB within 30x of 100 KB, or doubling 1 MB within
 * 3.5x. Timing, so a benchmark and not a unit test (no timing assertions in
 * tests): it prints every shape's figures and exits 1 when one looks
 * quadratic after re-measuring.
 */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const { parseConfig } = await import(join(root, 'dist/grammar/parse.js'));
const { migrate } = await import(join(root, 'dist/migrate/migrate.js'));

/** Each shape is one place a long line can land: a whole file built around `run` (`runs`: characters to repeat; default RUNS). */

const CM_HEAD = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fluent-bit-config\ndata:\n  fluent-bit.conf: |\n';
const DS_HEAD =
  'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: fluent-bit\nspec:\n  template:\n    spec:\n      containers:\n' +
  '      - name: fluent-bit\n        image: fluent/fluent-bit:1.9.0\n        volumeMounts:\n        - name: x\n';
const TAIL = '[INPUT]\n    Name   tail\n    Path   /var/lib/docker/containers/*/*.log\n    Parser docker\n';

const SHAPES = [
  { name: 'conf value', path: 'a.conf', build: (run) => `${TAIL}    Tag    ${run}\n` },
  { name: 'conf path value', path: 'a.conf', build: (run) => `[INPUT]\n    Name   tail\n    Path   /var/lib/docker/${run}\n    Parser docker\n` },
  { name: 'conf key', path: 'a.conf', build: (run) => `${TAIL}    ${run} x\n` },
  { name: 'conf comment', path: 'a.conf', build: (run) => `${TAIL}#${run}\n` },
  { name: 'conf header', path: 'a.conf', build: (run) => `${TAIL}[${run}\n` },
  { name: 'conf command', path: 'a.conf', build: (run) => `@SET a=${run}\n${TAIL}` },
  { name: 'configmap block line', path: 'cm.yaml', build: (run) => `${CM_HEAD}${indent(TAIL, 4)}    # ${run}\n` },
  { name: 'conf blank lines', path: 'a.conf', build: (run) => `${TAIL}${run}\n`, runs: ['\n', '\r\n', ' \n'] },
  { name: 'configmap blank lines', path: 'cm.yaml', build: (run) => `${CM_HEAD}${indent(TAIL, 4)}${run}    # end\n`, runs: ['\n', '\r\n'] },
  { name: 'hostPath', path: 'ds.yaml', build: (run) => `${DS_HEAD}          mountPath: /var/log\n      volumes:\n      - name: x\n        hostPath:\n          path: /${run}\n` },
  { name: 'mountPath', path: 'ds.yaml', build: (run) => `${DS_HEAD}          mountPath: /var/log${run}\n      volumes:\n      - name: x\n        hostPath:\n          path: /var/log\n` },
  { name: 'yaml error, comment line', path: 'x.yaml', build: (run) => `a: [\n# ${run}\n` },
  // not `]` or `}`: yaml reports one error per bracket (1M errors, ~10 s, linear; see the report)
  { name: 'yaml error, long line', path: 'x.yaml', build: (run) => `a: [\n${run}\n`, runs: [' ', '\t', '{', '$', '#', '-', ':', '/', 'a'] },
  { name: 'helm template line', path: 'values.yaml', build: (run) => `config:\n  inputs: |\n${indent(TAIL, 4)}    {{ ${run} }}\n` },
  { name: 'yaml plain scalar', path: 'v.yaml', build: (run) => `config:\n  inputs: ${JSON.stringify(run)}\nother: a ${run}\n` },
];

/** Characters regexes in src/ treat specially; each run ends in `x` so a `$`-anchored match has to fail. */
const RUNS = [' ', '\t', '{', '$', ']', '#', '-', ':', '/', 'a'];

function indent(text, n) {
  return text.replace(/^(?=.)/gm, ' '.repeat(n));
}

/** Best of `n`: the least disturbed by GC and other test files. */
function cost(fn, n) {
  let best = Infinity;
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    fn();
    best = Math.min(best, performance.now() - t);
  }
  return best;
}

const entries = [
  { name: 'parseConfig', call: (text) => void parseConfig(text), conf: true },
  { name: 'migrate', call: (text, path) => void migrate([{ path, text }], { runtime: 'containerd' }), conf: false },
];
const slow = [];
let worst = { ratio: 0, what: '' };
for (const entry of entries) {
  for (const shape of SHAPES) {
    if (entry.conf && !shape.path.endsWith('.conf')) continue;
    for (const ch of shape.runs ?? RUNS) {
      const small = shape.build(`${ch.repeat(Math.ceil(100_000 / ch.length))}x`);
      const large = shape.build(`${ch.repeat(Math.ceil(1_000_000 / ch.length))}x`);
      const call = (text) => () => entry.call(text, shape.path);
      call(small)(); // warm up
      const a = cost(call(small), 2);
      const b = cost(call(large), 1);
      let ratio = b / Math.max(a, 1); // 1 ms floor: below that the ratio is timer noise
      let detail = `100 KB ${a.toFixed(1)} ms -> 1 MB ${b.toFixed(1)} ms (${ratio.toFixed(1)}x)`;
      if (ratio >= 30) {
        // Past ~1 MB, V8's young generation and caches no longer hold the
        // text, which alone costs 15-30x here; a borderline ratio is
        // settled by doubling 1 MB: linear 2-3x (GC), quadratic 4x.
        const double = shape.build(`${ch.repeat(Math.ceil(2_000_000 / ch.length))}x`);
        const b1 = cost(call(large), 3);
        const b2 = cost(call(double), 3);
        ratio = b2 / b1 < 3.5 ? 0 : ratio;
        detail += `; 1 MB ${b1.toFixed(1)} ms -> 2 MB ${b2.toFixed(1)} ms (${(b2 / b1).toFixed(1)}x)`;
      }
      if (ratio >= 30) {
        // Still borderline: measure once more (another process's load is noise; a quadratic cost repeats).
        const a2 = cost(call(small), 5);
        const c2 = cost(call(large), 3);
        ratio = Math.min(ratio, c2 / Math.max(a2, 1));
        detail += `; again 100 KB ${a2.toFixed(1)} ms -> 1 MB ${c2.toFixed(1)} ms`;
      }
      const what = `${entry.name.padEnd(11)} ${shape.name} ${JSON.stringify(ch)}: ${detail}`;
      if (ratio > worst.ratio) worst = { ratio, what };
      if (process.env.VERBOSE) console.log(what);
      if (ratio >= 30) slow.push(what);
    }
  }
}
console.log(`redos: ${SHAPES.length} shapes x runs, parseConfig and migrate; worst 100 KB -> 1 MB ratio ${worst.ratio.toFixed(1)}x (${worst.what.trim()})`);
for (const s of slow) console.log(`QUADRATIC? ${s}`);
process.exit(slow.length === 0 ? 0 : 1);
