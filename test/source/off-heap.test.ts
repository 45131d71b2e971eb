import { describe, expect, it } from 'vitest';
import { BIG_BYTES, bytes, int32s, OVER_MAX } from '../../src/source/off-heap.js';

// Big buffers come from an allocation above glibc's dynamic-threshold cap (Linux), small ones as asked; either way
// the array has the length asked for, zero-filled, and its own buffer (never a shared one).
describe('off-heap buffers', () => {
  it('a small array is an ordinary one', () => {
    const a = int32s(16);
    expect(a.length).toBe(16);
    expect(a.buffer.byteLength).toBe(64);
    expect(bytes(100).buffer.byteLength).toBe(100);
  });

  it('a big array has the length asked for, zero-filled, at the start of a buffer of its own', () => {
    const n = BIG_BYTES / 4 + 3;
    const a = int32s(n);
    expect(a.length).toBe(n);
    expect(a.byteOffset).toBe(0);
    expect(a.every((x) => x === 0)).toBe(true);
    a[n - 1] = 7;
    expect(a.subarray(n - 1)[0]).toBe(7);
    const b = bytes(BIG_BYTES);
    expect(b.length).toBe(BIG_BYTES);
    expect(b.every((x) => x === 0)).toBe(true);
    const expected = process.platform === 'linux' ? OVER_MAX : BIG_BYTES;
    expect(b.buffer.byteLength).toBe(expected);
    expect(a.buffer.byteLength).toBe(process.platform === 'linux' ? OVER_MAX : n * 4);
  });

  it('an array bigger than the cap is allocated at its own size', () => {
    const n = OVER_MAX / 4 + 1;
    expect(int32s(n).buffer.byteLength).toBe(n * 4);
  });
});
