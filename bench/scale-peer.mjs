#!/usr/bin/env node
/**
 * The peer of `npm run bench:scale` (bench/scale.bench.mjs spawns it once per
 * case, like the CLI): reads one file and parses it with a library that
 * reads the same format, nothing else. A `.conf` file: calyptia's classic
 * parser (@calyptia/fluent-bit-config-parser, bench:parse's peer); anything
 * else: `yaml`'s parseAllDocuments, the library flb-migrate reads manifests
 * with. Its time per MB across sizes shows what a JavaScript parser alone
 * pays on the same inputs in the same run, V8's warm-up included.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const file = process.argv[2];
const text = readFileSync(file, 'utf8');
let size;
if (file.endsWith('.conf')) {
  const { FluentBitSchema } = createRequire(import.meta.url)('@calyptia/fluent-bit-config-parser');
  size = new FluentBitSchema(text, file).AST.length;
} else {
  const { parseAllDocuments } = await import('yaml');
  const docs = parseAllDocuments(text);
  size = Array.isArray(docs) ? docs.length : 0;
}
if (!(size >= 0)) process.exit(1);
