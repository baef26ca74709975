import { randomBytes } from "node:crypto";
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

/**
 * Writes a file whole or not at all: aside under a random name, then renamed over the target, so that a reader
 * (a bot watching the knowledge, another process reading a cache) never sees half a file. The name is random
 * because containers often share a pid (1) and may share the folder.
 */
export function writeFileAtomically(file: string, data: string | Uint8Array): void {
  mkdirSync(dirname(file), { recursive: true });
  const partial = `${file}.${randomBytes(6).toString("hex")}.tmp`;
  try {
    writeFileSync(partial, data);
    renameSync(partial, file);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
}
