#!/usr/bin/env node
// Rewrites the README's generated tables (rules, diagnostic codes) from the
// registries in the BUILT library:  npm run docs:rules  (builds first).
// test/readme.test.ts fails when the README and the registries disagree.
import { readFileSync, writeFileSync } from 'node:fs';
import { diagnosticCodesTable, rulesTable } from '../dist/report/reference-tables.js';
import { replaceGenerated } from './generated-block.mjs';

const path = new URL('../README.md', import.meta.url);
let readme = readFileSync(path, 'utf8');
readme = replaceGenerated(readme, 'rules-table', rulesTable());
readme = replaceGenerated(readme, 'diagnostic-codes-table', diagnosticCodesTable());
writeFileSync(path, readme);
console.log('README.md: rule and diagnostic code tables regenerated');
