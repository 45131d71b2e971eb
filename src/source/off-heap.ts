/*
 * Big off-heap buffers that do not raise glibc malloc's mmap threshold
 * (memory, issue #14; NOTES.md "glibc's mmap threshold").
 *
 * A typed array's or Buffer's bytes live outside the V8 heap, in memory
 * Node gets from malloc. glibc serves a request of 128 KiB or more with a
 * fresh mmap, and returns it to the system when it is freed. But when such a
 * chunk of at most 32 MiB (DEFAULT_MMAP_THRESHOLD_MAX on 64-bit) is freed,
 * glibc raises its mmap threshold to that chunk's size and its trim threshold
 * to twice that, for the rest of the process: from then on every request
 * below the new threshold comes from the brk heap or a thread's arena, where
 * the holes freed requests leave stay resident. Reading a 10 MB config and
 * freeing the bytes once decoded, or dropping a 14 MB line table, thus cost
 * ~15-20 MB of peak RSS on `--to-yaml` of that config (the same run with
 * `MALLOC_MMAP_THRESHOLD_=131072`: 172 MB instead of 193).
 *
 * A chunk bigger than 32 MiB does not move the thresholds. So on Linux a
 * buffer of BIG_BYTES or more is carved from an allocation of at least
 * OVER_MAX bytes: glibc (and musl) map it fresh, the kernel makes only the
 * pages written resident, and freeing it unmaps it and leaves the thresholds
 * where they were. Elsewhere (macOS, Windows: other allocators) and below
 * BIG_BYTES a buffer is allocated as asked.
 */

/** From this size on, a buffer comes from an allocation above glibc's dynamic-threshold cap. */
export const BIG_BYTES = 1024 * 1024;
/** glibc's DEFAULT_MMAP_THRESHOLD_MAX on 64-bit (4 * 1024 * 1024 * sizeof(long)) plus a page. */
export const OVER_MAX = 32 * 1024 * 1024 + 4096;

const linux = typeof process !== 'undefined' && process.platform === 'linux';

/** An ArrayBuffer of at least `bytes` bytes, zero-filled; past BIG_BYTES on Linux, of at least OVER_MAX. */
function backing(bytes: number): ArrayBuffer {
  return new ArrayBuffer(linux && bytes >= BIG_BYTES ? Math.max(bytes, OVER_MAX) : bytes);
}

/** A zero-filled Int32Array of `length` elements whose freeing leaves malloc's thresholds alone. */
export function int32s(length: number): Int32Array<ArrayBuffer> {
  const bytes = length * 4;
  return bytes >= BIG_BYTES ? new Int32Array(backing(bytes), 0, length) : new Int32Array(length);
}

/** A zero-filled byte array of `length` bytes whose freeing leaves malloc's thresholds alone. */
export function bytes(length: number): Uint8Array<ArrayBuffer> {
  return length >= BIG_BYTES ? new Uint8Array(backing(length), 0, length) : new Uint8Array(length);
}
