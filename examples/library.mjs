// Library use: text in, result out. Run after `npm run build`:
//   node examples/library.mjs
import { readFileSync } from 'node:fs';
import { migrate } from 'flb-migrate';

const paths = ['examples/docker-era/fluent-bit-configmap.yaml', 'examples/docker-era/fluent-bit-daemonset.yaml'];
const files = paths.map((path) => ({ path, text: readFileSync(path, 'utf8') }));

const result = migrate(files, { runtime: 'containerd' });
for (const file of result.files) {
  for (const f of file.findings) console.log(`${f.path}:${f.line} ${f.severity} ${f.ruleId}`);
  if (file.hasErrors) console.log(`${file.path}: not changed (errors)`);
}
console.log(`${result.files.filter((f) => f.changed).length} of ${files.length} files would change`);
