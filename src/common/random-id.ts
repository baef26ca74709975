import { randomFillSync } from "node:crypto";

/** Random bytes drawn ahead in one call: a call to the system's generator per id cost ~10 µs, on every question. */
const POOL_BYTES = 4096;
const pool = Buffer.alloc(POOL_BYTES);
let offset = POOL_BYTES;

/** A random id of `bytes` bytes in hexadecimal (unpredictable: from the system's generator, drawn ahead in a pool). */
export function randomHexId(bytes = 8): string {
  if (bytes > POOL_BYTES) throw new RangeError(`randomHexId: at most ${POOL_BYTES} bytes`);
  if (offset + bytes > POOL_BYTES) {
    randomFillSync(pool);
    offset = 0;
  }
  const id = pool.toString("hex", offset, offset + bytes);
  offset += bytes;
  return id;
}
