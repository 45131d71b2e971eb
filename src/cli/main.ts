#!/usr/bin/env node
// Bin entry: wires the real process into run() and sets the exit code, nothing
// else. It never calls process.exit, so pending stdout/stderr writes drain,
// and it has no top-level await (see src/grammar/chevrotain.ts).
import { nodeIo } from './node-io.js';
import { run } from './run.js';

void run(process.argv.slice(2), nodeIo()).then((code) => {
  process.exitCode = code;
});
