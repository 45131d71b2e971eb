#!/usr/bin/env node
// Prints how the Fluent Bit configs of a tree resolve to the workloads that
// run them, by where their version comes from (image string, chart values,
// kustomize, --fluent-bit-version, unknown), batched per directory like the
// CLI:  npm run report:deployments [-- <dir> [--fluent-bit-version X.Y]]
// (builds first; the default tree is ../shared/corpus).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { addSummaries, emptySummary, summarizeDeployment } from '../dist/deploy/summary.js';
import { deploymentOptions } from '../dist/migrate/options.js';
import { readBatch } from '../dist/migrate/read-batch.js';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { 'fluent-bit-version': { type: 'string' } } });
const root = resolve(positionals[0] ?? new URL('../../shared/corpus', import.meta.url).pathname);
const EXT = /\.(ya?ml|json|conf)$/i;
const groups = new Map();
const walk = (dir) => {
  for (const name of readdirSync(dir).sort()) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (EXT.test(name)) {
      const rel = relative(root, p).split('\\').join('/');
      const key = dirname(rel);
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push({ path: rel, text: readFileSync(p, 'utf8') });
    }
  }
};
walk(root);
const options = deploymentOptions({ runtime: 'containerd', fluentBitVersion: values['fluent-bit-version'] });
let total = emptySummary();
for (const batch of groups.values()) {
  const state = readBatch(batch, options);
  total = addSummaries(total, summarizeDeployment(state.discoveries, state.deployment));
}
console.log(`${root}: ${groups.size} directories`);
console.log(JSON.stringify(total, null, 2));
