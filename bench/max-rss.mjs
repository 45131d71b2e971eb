// Preloaded with `node --import ./bench/max-rss.mjs ...` by the benches:
// writes the process's peak RSS (KiB, from getrusage) to $FLB_BENCH_RSS_FILE at exit.
import { writeFileSync } from 'node:fs';

const out = process.env.FLB_BENCH_RSS_FILE;
if (out) process.on('exit', () => writeFileSync(out, String(process.resourceUsage().maxRSS)));
