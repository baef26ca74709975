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

export interface StartOptions {
  /** Reuse a DATA_DIR (a restart); default: a fresh one. */
  dataDir?: string;
  /**
   * Start `node` itself rather than `npm start`, so that a kill -9 reaches the bot (npm cannot forward
   * SIGKILL: its child would live on).
   */
  direct?: boolean;
  /** Run the compiled bot, `node dist/main.js`, as the production image does (after `npm run build`). */
  compiled?: boolean;
}

/** Starts the real bot with `npm start` (or node directly), in a fresh DATA_DIR unless given one, with the given environment. */
export function startBot(env: Record<string, string>, options: StartOptions = {}): BotProcess {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "visite-bot-e2e-"));
  const [command, args] = options.compiled
    ? [process.execPath, ["dist/main.js"]]
    : options.direct
      ? [process.execPath, ["--import", "tsx", "src/main.ts"]]
      : ["npm", ["start", "--silent"]];
  const child = spawn(command, args, {
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
