import { describe, expect, it } from 'vitest';
import { startFlags, threadFlags } from '../../src/cli/gc-tuning.js';

// What the bin sets is chosen here; setting it is one V8 call (not made in the test process).
describe('the bin\'s GC flags', () => {
  it('sets the old generation\'s growth at start (the young one waits for a big input)', () => {
    expect(startFlags({}, []).map((f) => f.flag)).toEqual(['--heap-growing-percent=50']);
  });
  it('keeps V8\'s defaults with FLB_MIGRATE_DEFAULT_GC=1', () => {
    expect(startFlags({ FLB_MIGRATE_DEFAULT_GC: '1' }, [])).toEqual([]);
  });
  it('leaves a family the user set, on the command line or in NODE_OPTIONS', () => {
    expect(startFlags({}, ['--heap-growing-percent=10']).map((f) => f.family)).toEqual([]);
    expect(startFlags({ NODE_OPTIONS: '--heap-growing-percent=10' }, []).map((f) => f.family)).toEqual([]);
    expect(startFlags({}, ['--max-semi-space-size=64']).map((f) => f.family)).toEqual(['heap-growing']);
  });
});

describe('the flags set before migration threads start', () => {
  it('raise V8\'s interrupt budget 8x (fewer background JIT compiles while every core migrates)', () => {
    expect(threadFlags({}, [])).toEqual(['--interrupt-budget=540672']);
  });
  it('keep V8\'s defaults with FLB_MIGRATE_DEFAULT_GC=1, or when the user set the budget', () => {
    expect(threadFlags({ FLB_MIGRATE_DEFAULT_GC: '1' }, [])).toEqual([]);
    expect(threadFlags({}, ['--interrupt-budget=1000'])).toEqual([]);
    expect(threadFlags({ NODE_OPTIONS: '--interrupt-budget=1000' }, [])).toEqual([]);
  });
});
