import * as fs from 'node:fs';
import { BIG_BYTES, bytes } from '../source/off-heap.js';

/**
 * A file's bytes. A big one is read into a buffer from off-heap.ts, so that freeing it once decoded leaves malloc's
 * mmap threshold alone (~15-20 MB of peak RSS on a 10 MB config, NOTES.md "glibc's mmap threshold"); a file that
 * grew while read is read again the plain way.
 */
export function readWholeFile(path: string): Uint8Array {
  const fd = fs.openSync(path, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    if (size < BIG_BYTES) return fs.readFileSync(fd);
    const out = bytes(size + 1);
    let at = 0;
    for (let n = -1; n !== 0 && at < out.length; at += n) n = fs.readSync(fd, out, at, out.length - at, null);
    return at <= size ? out.subarray(0, at) : fs.readFileSync(path);
  } finally {
    fs.closeSync(fd);
  }
}

/** Chunks read from a stream, as one byte array; a big one in a buffer from off-heap.ts (as readWholeFile). */
export function joinChunks(chunks: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const c of chunks) total += c.length;
  if (total < BIG_BYTES) return Buffer.concat(chunks);
  const out = bytes(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
