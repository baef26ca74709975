import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHmac } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { installSecret, keyedHash } from "../../src/store/install-secret.ts";

const dir = mkdtempSync(join(tmpdir(), "secret-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("keyedHash", () => {
  const secret = installSecret(dir);
  const other = Buffer.alloc(32, 7);

  it("is the HMAC of the parts under the install secret, the same when asked again (from the recent ones)", () => {
    const expected = createHmac("sha256", secret).update("chat\u000042").digest("hex").slice(0, 32);
    expect(keyedHash(secret, "chat", 42)).toBe(expected);
    expect(keyedHash(secret, "chat", 42)).toBe(expected);
  });

  it("never answers for one secret with a hash made under another", () => {
    const mine = keyedHash(secret, "member", 1, 2);
    const theirs = keyedHash(other, "member", 1, 2);
    expect(theirs).not.toBe(mine);
    expect(theirs).toBe(createHmac("sha256", other).update("member\u00001\u00002").digest("hex").slice(0, 32));
  });

  it("keeps the same secret across starts: the file is read back", () => {
    expect(installSecret(dir).equals(secret)).toBe(true);
  });
});
