/** Shared bits of the end-to-end tests: the token, a free port, stopping a bot process for sure. */
import { execFileSync } from "node:child_process";
import { expect } from "vitest";
import type { BotProcess } from "./bot-process.ts";

export const TOKEN = "123456:ABCdefGHIjklMNOpqrSTUvwxYZ0123456789";
/** The secret half of the token: it must not leak either. */
export const TOKEN_SECRET_PART = TOKEN.split(":")[1] as string;
export const E2E_TIMEOUT = 20_000;

export { freePort } from "../support/free-port.ts";

/** Pids of the descendants of pid (npm → node), deepest last. */
function descendants(pid: number): number[] {
  let children: number[] = [];
  try {
    children = execFileSync("ps", ["-o", "pid=", "--ppid", String(pid)], { encoding: "utf8" })
      .split("\n")
      .map((s) => Number(s.trim()))
      .filter((n) => Number.isInteger(n) && n > 0);
  } catch {
    return [];
  }
  return children.flatMap((c) => [c, ...descendants(c)]);
}

/** SIGTERM, then SIGKILL (the process and its children, which npm would orphan) if it is still running after `graceMs`. */
export async function shutdown(proc: BotProcess | undefined, graceMs = 10_000): Promise<void> {
  if (!proc || proc.child.exitCode !== null || proc.child.signalCode !== null) return;
  const pid = proc.child.pid;
  const family = pid === undefined ? [] : descendants(pid);
  const exited = proc.stop("SIGTERM");
  const timedOut = await Promise.race([exited.then(() => false), new Promise<boolean>((ok) => setTimeout(() => ok(true), graceMs).unref())]);
  if (!timedOut) return;
  for (const p of [...family].reverse()) {
    try {
      process.kill(p, "SIGKILL");
    } catch {
      // already gone
    }
  }
  proc.child.kill("SIGKILL");
  await exited;
}

/** The token (or its secret half) appears in no line the process wrote. */
export function expectNoTokenInOutput(proc: BotProcess | undefined): void {
  if (!proc) return;
  const leaks = proc.output.filter((line) => line.includes(TOKEN) || line.includes(TOKEN_SECRET_PART));
  expect(leaks).toEqual([]);
  // output lines are cut at pipe chunk boundaries: check the whole text too, in case a token straddles one
  expect(proc.output.join("").includes(TOKEN_SECRET_PART)).toBe(false);
}

export const sleep = (ms: number) => new Promise<void>((ok) => setTimeout(ok, ms));
