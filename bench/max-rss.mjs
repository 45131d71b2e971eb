// Preloaded with `node --import ./bench/max-rss.mjs ...` by the benches:
// writes the process's peak RSS (KiB, from getrusage) to $FLB_BENCH_RSS_FILE at exit,
// and its CPU time (user + system, microseconds) to $FLB_BENCH_CPU_FILE when that is set
// (bench:tree: on a shared machine CPU time says more than wall time).
import { writeFileSync } from 'node:fs';

const out = process.env.FLB_BENCH_RSS_FILE;
const cpu = process.env.FLB_BENCH_CPU_FILE;
process.on('exit', () => {
  const usage = process.resourceUsage();
  if (out) writeFileSync(out, String(usage.maxRSS));
  if (cpu) writeFileSync(cpu, String(usage.userCPUTime + usage.systemCPUTime));
});
