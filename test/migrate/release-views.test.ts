import { describe, expect, it } from 'vitest';
import { readBatch } from '../../src/migrate/read-batch.js';

describe('BatchState.releaseViews', () => {
  it('forgets the views made so far; a later read makes them again, with the same content', () => {
    const text = '[INPUT]\n    Name tail\n    Path /var/lib/docker/containers/*/*.log\n    Parser docker\n';
    const state = readBatch([{ path: 'fluent-bit.conf', text }], { fluentBitVersion: undefined });
    const config = state.discoveries[0]?.configs[0];
    expect(config).toBeDefined();
    if (!config) return;
    const first = state.viewOf(config);
    expect(state.viewOf(config)).toBe(first);
    state.releaseViews();
    const again = state.viewOf(config);
    expect(again).not.toBe(first);
    const shape = (v: typeof first) => v?.sections.map((s) => [s.kind, s.plugin, s.properties.map((p) => [p.key, p.value, p.at.start, p.valueAt.end, p.varRefs])]);
    expect(shape(again)).toEqual(shape(first));
    expect(state.configs[0]?.view).toBe(again);
  });
});
