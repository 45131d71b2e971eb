// ReDoS guard, static half (the dynamic half, timing, is bench/redos.bench.mjs: `npm run bench:redos`):
// every regular expression in src/ (found with the TypeScript parser) goes
// through recheck (pure-JS backend, offline) and must be safe; regexes built
// at run time (`new RegExp`) are not allowed at all, since their shape
// depends on input.
import { resolve } from 'node:path';
import { check } from 'recheck';
import { beforeAll, describe, expect, it } from 'vitest';
import { yieldToEventLoop } from '../helpers/yield.js';
import { findRegexSites, type RegexSite } from './regex-literals.js';

const SITES = findRegexSites(resolve(process.cwd(), 'src'), process.cwd());

// recheck's fuzz checker (used for regexes with lookarounds) stops its runs on time limits as well as on step limits
// by default (attack 1 s, incubation 250 ms, seeding 100 ms): on a loaded machine a run cut short by the clock changes
// what the fuzzer explores, and the verdict on a regex flipped between runs (script-variables' PARSER_BEFORE: safe
// alone, 'polynomial' in two loaded full runs). Without those clocks a run is cut by its step limits only, and with a
// fixed seed the verdict is the same on any machine; the overall `timeout` stays (a timeout is retried, below).
const STEP_LIMITED = { randomSeed: 0, attackTimeout: null, incubationTimeout: null, seedingTimeout: null } as const;

describe('regular expressions in src/ (recheck)', () => {
  beforeAll(() => {
    process.env.RECHECK_BACKEND = 'pure';
  });

  it('finds the regexes (sanity: the extractor works)', () => {
    expect(SITES.filter((s) => s.kind === 'literal').length).toBeGreaterThan(50);
  });

  it('builds no regex at run time (a pattern from input can backtrack exponentially)', () => {
    expect(SITES.filter((s) => s.kind === 'constructed').map((s) => `${s.where} ${s.text}`)).toEqual([]);
  });

  it('has no super-linear regex literal', async () => {
    const bad: string[] = [];
    for (const site of SITES.filter((s): s is RegexSite => s.kind === 'literal')) {
      // A check that runs out of time on a loaded machine (status unknown, kind timeout) gets one more try with more time: a
      // timeout is not a verdict, and a real finding is 'vulnerable' whatever the load.
      // The pure backend checks synchronously (up to 4 s a regex here), and all of them take about a minute: the event loop
      // gets a turn after each one (see yieldToEventLoop), and the retry stays well under vitest's 60 s RPC timer.
      let r = await check(site.source, site.flags, { ...STEP_LIMITED, timeout: 10_000 });
      await yieldToEventLoop();
      if (r.status === 'unknown' && r.error.kind === 'timeout') {
        r = await check(site.source, site.flags, { ...STEP_LIMITED, timeout: 30_000 });
        await yieldToEventLoop();
      }
      if (r.status !== 'safe') {
        const detail = r.status === 'vulnerable' ? `${r.complexity.type}, attack ${r.attack.pattern}` : r.error.kind;
        bad.push(`${site.where} ${site.text}: ${r.status} (${detail})`);
      }
    }
    expect(bad).toEqual([]);
  }, 300_000);
});

