import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export interface BotProcess {
  child: ChildProcess;
  /** Every line the process wrote to stdout and stderr. */
  output: string[];
  /** Parsed JSON log lines. */
  logs(): Array<Record<string, unknown>>;
  waitForLog(predicate: (line: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export const ROOT = resolve(import.meta.dirname, "../..");

/** Starts the real bot with `npm start`, in a fresh DATA_DIR, with the given environment. */
export function startBot(env: Record<string, string>): BotProcess {
  const dataDir = mkdtempSync(join(tmpdir(), "visite-bot-e2e-"));
  const child = spawn("npm", ["start", "--silent"], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", DATA_DIR: dataDir, LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  const listeners = new Set<() => void>();
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString("utf8").split("\n")) if (line.trim()) output.push(line);
    for (const l of listeners) l();
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const exited = new Promise<number | null>((ok) => child.once("exit", (code) => ok(code)));
  const logs = () =>
    output.flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
  return {
    child,
    output,
    logs,
    exited,
    waitForLog(predicate, timeoutMs = 20_000) {
      return new Promise((ok, fail) => {
        const check = () => {
          const hit = logs().find(predicate);
          if (hit) {
            listeners.delete(check);
            clearTimeout(timer);
            ok(hit);
          }
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          fail(new Error(`log line not seen within ${timeoutMs} ms; output:\n${output.slice(-30).join("\n")}`));
        }, timeoutMs);
        listeners.add(check);
        check();
      });
    },
    async stop(signal = "SIGTERM") {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}
