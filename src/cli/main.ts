#!/usr/bin/env node
// Bin entry: wires the real process into run() and sets the exit code, nothing
// else. It never calls process.exit, so pending stdout/stderr writes drain.
import { nodeIo } from './node-io.js';
import { run } from './run.js';

process.exitCode = await run(process.argv.slice(2), nodeIo());
