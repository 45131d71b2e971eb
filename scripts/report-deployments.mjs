#!/usr/bin/env node
// Prints how the Fluent Bit configs of a tree resolve to the workloads that
// run them, by where their version comes from (image string, chart values,
// kustomize, --fluent-bit-version, unknown), batched like the CLI (per
// directory, joined by kustomization links: src/cli/batches.ts):  npm run report:deployments [-- <dir> [--fluent-bit-version X.Y]]
// (builds first; the default tree is ../shared/corpus).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { addSummaries, emptySummary, summarizeDeployment } from '../dist/deploy/summary.js';
import { deploymentOptions } from '../dist/migrate/options.js';
import { readBatch } from '../dist/migrate/read-batch.js';
import { groupInputs } from '../dist/cli/batches.js';
import { kustomizationReferences } from '../dist/discover/kustomization.js';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { 'fluent-bit-version': { type: 'string' } } });
const root = resolve(positionals[0] ?? new URL('../../shared/corpus', import.meta.url).pathname);
const EXT = /\.(ya?ml|json|conf)$/i;
const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir).sort()) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (EXT.test(name)) {
      files.push({ kind: 'file', path: relative(root, p).split('\\').join('/'), text: readFileSync(p, 'utf8') });
    }
  }
};
walk(root);
const texts = new Map(files.map((f) => [f.path, f.text]));
const groups = await groupInputs(files, { cwd: root, kustomizationReferences, readText: async (p) => texts.get(p) });
const options = deploymentOptions({ runtime: 'containerd', fluentBitVersion: values['fluent-bit-version'] });
let total = emptySummary();
for (const group of groups) {
  const state = readBatch(group.map((f) => ({ path: f.path, text: f.text })), options);
  total = addSummaries(total, summarizeDeployment(state.discoveries, state.deployment));
}
console.log(`${root}: ${files.length} files in ${groups.length} batches`);
console.log(JSON.stringify(total, null, 2));
