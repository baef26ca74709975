import { createHmac, randomBytes } from "node:crypto";
import { existsSync, linkSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ensureWritableDir } from "./sqlite-store.ts";
import { StoreError } from "./types.ts";
import { Recent } from "../common/recent.ts";

const FILE = "install-secret.key";

/**
 * A random key that lives only in DATA_DIR (created at first start, readable by the bot's user only): what
 * turns a chat or user id into a key that cannot be traced back to it without this file. Conversation
 * memory and the question log store those keyed hashes, never ids.
 */
export function installSecret(dataDir: string): Buffer {
  ensureWritableDir(dataDir);
  const file = join(dataDir, FILE);
  if (!existsSync(file)) {
    // Written whole aside, then linked into place: another process starting at the same moment (instances sharing
    // DATA_DIR) either links first, and this one reads theirs, or reads this one; never a half-written file.
    const partial = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
    try {
      writeFileSync(partial, randomBytes(32).toString("hex"), { mode: 0o600, flag: "wx" });
      linkSync(partial, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw new StoreError(`Cannot create ${file} (${(error as NodeJS.ErrnoException).code}). Give the bot's user write access to DATA_DIR.`, { cause: error });
    } finally {
      rmSync(partial, { force: true });
    }
  }
  const hex = readFileSync(file, "utf8").trim();
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new StoreError(`${file} is damaged (expected 64 hexadecimal characters). Delete it to create a new one: conversation memory restarts from nothing.`);
  return Buffer.from(hex, "hex");
}

/** The latest keyed hashes per secret: the same chat and user are hashed for every message they send (twice). */
const recentHashes = new WeakMap<Buffer, Recent<string>>();
const RECENT_HASHES = 4096;

/** A keyed hash of the parts (chat, user…): the same for the same parts, meaningless without the secret. */
export function keyedHash(secret: Buffer, ...parts: Array<string | number>): string {
  let recent = recentHashes.get(secret);
  if (!recent) recentHashes.set(secret, (recent = new Recent<string>(RECENT_HASHES)));
  return recent.get(parts.join("\u0000"), (message) => createHmac("sha256", secret).update(message).digest("hex").slice(0, 32));
}
