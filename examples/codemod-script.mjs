// Codemod use: the jscodeshift-style entry, driven by a migration script.
// Run after `npm run build`:  node examples/codemod-script.mjs
import { readFileSync } from 'node:fs';
import transform from 'flb-migrate/codemod';

const path = 'examples/docker-era/fluent-bit-configmap.yaml';
const output = transform({ path, source: readFileSync(path, 'utf8') }, {}, { runtime: 'cri-o' });
console.log(output === undefined ? 'unchanged' : output.split('\n').filter((l) => l.includes('multiline.parser')).join('\n').trim());
