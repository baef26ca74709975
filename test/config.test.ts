import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parse as parseDotenv } from "dotenv";
import { describe, expect, it } from "vitest";
import { configSchema, ConfigError, parseConfig } from "../src/config.ts";

const ROOT = resolve(import.meta.dirname, "..");
const TOKEN = "123456:ABCdefGHIjklMNOpqrSTUvwxYZ0123456789";
const SECRET = "s3cret_webhook-TOKEN_1234";

/** The ConfigError thrown for env (fails the test if none is thrown). */
function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    parseConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`parseConfig accepted ${JSON.stringify(env)}`);
}

describe("parseConfig", () => {
  it("applies the documented defaults", () => {
    const config = parseConfig({ BOT_TOKEN: TOKEN });
    expect(config).toMatchObject({
      BOT_TOKEN: TOKEN,
      BOT_API_ROOT: "https://api.telegram.org",
      BOT_MODE: "polling",
      PORT: 8080,
      HOST: "0.0.0.0",
      LOG_LEVEL: "info",
      ADMIN_IDS: [],
      DATA_DIR: "./data",
      KNOWLEDGE_DIR: "./knowledge",
      FLOOD_LIMIT: 10,
      FLOOD_WINDOW_SECONDS: 30,
    });
    expect(config.WEBHOOK_URL).toBeUndefined();
    expect(config.WEBHOOK_SECRET).toBeUndefined();
  });

  it("ignores unrelated variables and coerces numbers", () => {
    const config = parseConfig({ BOT_TOKEN: TOKEN, PATH: "/usr/bin", PORT: "3000", FLOOD_LIMIT: "5", FLOOD_WINDOW_SECONDS: "12.5" });
    expect(config).toMatchObject({ PORT: 3000, FLOOD_LIMIT: 5, FLOOD_WINDOW_SECONDS: 12.5 });
    expect(config).not.toHaveProperty("PATH");
  });

  it.each([{}, { BOT_TOKEN: "" }])("a missing BOT_TOKEN (%j) names BOT_TOKEN and BotFather", (env) => {
    const error = configError(env);
    expect(error.name).toBe("ConfigError");
    expect(error.message).toContain("BOT_TOKEN");
    expect(error.message).toContain("@BotFather");
    expect(error.message).toMatch(/required/);
  });

  it.each(["abc", "123456:short", "123456ABCdefGHIjklMNOpqrSTUvwxYZ", "123456:ABCdefGHIjklMNOpqr STUvwxYZ", "bot123456:ABCdefGHIjklMNOpqrSTUvwxYZ"])(
    "refuses a malformed token %j, naming BOT_TOKEN, without echoing it",
    (token) => {
      const error = configError({ BOT_TOKEN: token });
      expect(error.message).toMatch(/BOT_TOKEN does not look like a bot token/);
      expect(error.message).toContain("BotFather");
      expect(error.message).not.toContain(token);
    },
  );

  it("trims spaces around the token (copy-paste)", () => {
    expect(parseConfig({ BOT_TOKEN: `  ${TOKEN}\n` }).BOT_TOKEN).toBe(TOKEN);
  });

  it("webhook mode requires WEBHOOK_URL and WEBHOOK_SECRET, and says so for both", () => {
    const error = configError({ BOT_TOKEN: TOKEN, BOT_MODE: "webhook" });
    expect(error.message).toMatch(/- WEBHOOK_URL is required when BOT_MODE=webhook/);
    expect(error.message).toMatch(/- WEBHOOK_SECRET is required when BOT_MODE=webhook/);
    expect(configError({ BOT_TOKEN: TOKEN, BOT_MODE: "webhook", WEBHOOK_URL: "https://bot.example.org/tg" }).message).toContain("WEBHOOK_SECRET");
    expect(configError({ BOT_TOKEN: TOKEN, BOT_MODE: "webhook", WEBHOOK_SECRET: SECRET }).message).toContain("WEBHOOK_URL");
    const ok = parseConfig({ BOT_TOKEN: TOKEN, BOT_MODE: "webhook", WEBHOOK_URL: "https://bot.example.org/tg", WEBHOOK_SECRET: SECRET });
    expect(ok).toMatchObject({ BOT_MODE: "webhook", WEBHOOK_URL: "https://bot.example.org/tg", WEBHOOK_SECRET: SECRET });
  });

  it.each(["short", "has spaces in it 1234567", "ç".repeat(20), "x".repeat(257)])("refuses WEBHOOK_SECRET %j", (secret) => {
    const error = configError({ BOT_TOKEN: TOKEN, BOT_MODE: "webhook", WEBHOOK_URL: "https://bot.example.org/tg", WEBHOOK_SECRET: secret });
    expect(error.message).toMatch(/WEBHOOK_SECRET must be 16 to 256 characters/);
  });

  it("refuses an unknown BOT_MODE and a WEBHOOK_URL that is not a URL", () => {
    expect(configError({ BOT_TOKEN: TOKEN, BOT_MODE: "push" }).message).toMatch(/BOT_MODE must be "polling"/);
    expect(configError({ BOT_TOKEN: TOKEN, WEBHOOK_URL: "bot.example.org/tg" }).message).toMatch(/WEBHOOK_URL must be/);
    expect(configError({ BOT_TOKEN: TOKEN, BOT_API_ROOT: "api.telegram.org" }).message).toMatch(/BOT_API_ROOT must be a URL/);
  });

  it.each(["12,abc", "1;2", "1.5", "@admin"])("refuses ADMIN_IDS=%j, naming it", (ids) => {
    const error = configError({ BOT_TOKEN: TOKEN, ADMIN_IDS: ids });
    expect(error.message).toMatch(/- ADMIN_IDS must be a comma-separated list of Telegram user ids/);
  });

  it("reads ADMIN_IDS with spaces and empty parts", () => {
    expect(parseConfig({ BOT_TOKEN: TOKEN, ADMIN_IDS: " 12, 34 ,,56 " }).ADMIN_IDS).toEqual([12, 34, 56]);
  });

  it.each([
    ["PORT", "http"],
    ["PORT", "70000"],
    ["LOG_LEVEL", "verbose"],
    ["FLOOD_LIMIT", "0"],
    ["FLOOD_WINDOW_SECONDS", "-1"],
    ["BROADCAST_RATE", "beaucoup"],
  ])("names %s when it is %j", (key, value) => {
    expect(configError({ BOT_TOKEN: TOKEN, [key]: value }).message).toContain(`- ${key} `);
  });

  it("lists every problem at once, one line each", () => {
    const error = configError({ BOT_MODE: "webhook", ADMIN_IDS: "x", PORT: "-1" });
    const lines = error.message.split("\n");
    expect(lines[0]).toBe("Invalid configuration:");
    for (const key of ["BOT_TOKEN", "ADMIN_IDS", "PORT"]) expect(lines.some((l) => l.startsWith(`- ${key} `)), key).toBe(true);
  });
});

describe(".env.example", () => {
  const file = join(ROOT, ".env.example");

  it("exists at the repository root and lists every configuration variable", () => {
    expect(existsSync(file), ".env.example is missing at the repository root").toBe(true);
    const listed = Object.keys(parseDotenv(readFileSync(file, "utf8")));
    expect(Object.keys(configSchema.shape).filter((key) => !listed.includes(key))).toEqual([]);
    expect(listed.filter((key) => !(key in configSchema.shape))).toEqual([]);
  });

  it("is a valid configuration once BOT_TOKEN is filled in", () => {
    const example = parseDotenv(readFileSync(file, "utf8"));
    expect(example["BOT_TOKEN"] ?? "").toBe("");
    expect(() => parseConfig({ ...example, BOT_TOKEN: TOKEN })).not.toThrow();
  });
});

describe("the process with a bad environment", () => {
  /** Runs src/main.ts from an empty folder (so no .env is picked up) with only PATH set. */
  function runMain(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const cwd = mkdtempSync(join(tmpdir(), "visite-bot-config-"));
    const tsx = pathToFileURL(join(ROOT, "node_modules/tsx/dist/loader.mjs")).href;
    const child = spawn(process.execPath, ["--import", tsx, join(ROOT, "src/main.ts")], {
      cwd,
      env: { PATH: process.env.PATH ?? "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString("utf8")));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
    const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    return new Promise((ok) =>
      child.once("close", (code) => {
        clearTimeout(timer);
        ok({ code, stdout, stderr });
      }),
    );
  }

  it("exits 1 with a message naming BOT_TOKEN and no stack trace", async () => {
    const { code, stdout, stderr } = await runMain({});
    expect(code).toBe(1);
    expect(stderr).toContain("BOT_TOKEN");
    expect(stderr).toContain("BotFather");
    expect(stderr).not.toContain("    at ");
    expect(stdout).toBe("");
  }, 25_000);

  it("does not echo a malformed token or webhook secret", async () => {
    const { code, stderr } = await runMain({ BOT_TOKEN: "987654:tooShortToBeReal", BOT_MODE: "webhook", WEBHOOK_SECRET: "bad secret with spaces" });
    expect(code).toBe(1);
    expect(stderr).toContain("BOT_TOKEN");
    expect(stderr).toContain("WEBHOOK_URL");
    expect(stderr).not.toContain("tooShortToBeReal");
    expect(stderr).not.toContain("bad secret with spaces");
    expect(stderr).not.toContain("    at ");
  }, 25_000);
});
