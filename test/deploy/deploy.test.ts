/**
 * Production set-up, checked without a Docker engine: compose.yaml and the Dockerfile read as a reviewer would
 * (parsed, not grepped loosely), and the compiled bot (`npm run build`, then `node dist/main.js`, what the image
 * runs) started for real against the fake Bot API.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeBotApi, type FakeBotApi } from "../support/fake-bot-api.ts";
import { ROOT, startBot, type BotProcess } from "../e2e/bot-process.ts";
import { expectNoTokenInOutput, shutdown, TOKEN } from "../e2e/helpers.ts";

interface ComposeService {
  image?: string;
  build?: string;
  command?: string;
  environment?: Record<string, string>;
  volumes?: string[];
  ports?: string[];
  depends_on?: Record<string, { condition: string }> | string[];
  deploy?: { replicas?: number };
  healthcheck?: { test: string[] };
}

describe("compose.yaml", () => {
  const compose = parseYaml(readFileSync(join(ROOT, "compose.yaml"), "utf8")) as { services: Record<string, ComposeService>; volumes: Record<string, unknown> };

  it("runs two bot replicas in webhook mode on one PostgreSQL, behind a reverse proxy", () => {
    const { db, bot, proxy } = compose.services;
    expect(db?.image).toMatch(/^postgres:15/);
    expect(db?.healthcheck?.test.join(" ")).toContain("pg_isready");
    expect(bot?.build).toBe(".");
    expect(bot?.deploy?.replicas).toBe(2);
    expect(bot?.environment?.["BOT_MODE"]).toBe("webhook");
    expect(bot?.environment?.["DATABASE_URL"]).toMatch(/^postgres:\/\/bot:\$\{POSTGRES_PASSWORD\}@db:5432\/bot$/);
    expect(bot?.depends_on).toEqual({ db: { condition: "service_healthy" } });
    // The replicas share DATA_DIR (its install-secret.key) through one named volume.
    expect(bot?.volumes).toContain("bot-data:/data");
    expect(Object.keys(compose.volumes)).toEqual(expect.arrayContaining(["db-data", "bot-data"]));
    expect(proxy?.command).toContain(`--to bot:${bot?.environment?.["PORT"]}`);
    expect(proxy?.ports).toContain("443:443");
  });
});

describe("Dockerfile", () => {
  const lines = readFileSync(join(ROOT, "Dockerfile"), "utf8").split("\n").filter((l) => l.trim() && !l.trimStart().startsWith("#"));
  const runtime = lines.slice(lines.findLastIndex((l) => l.startsWith("FROM ")));

  it("runs the compiled bot with node under tini, not tsx or npm", () => {
    expect(runtime[0]).toMatch(/^FROM node:20-bookworm-slim$/);
    expect(runtime).toContain('ENTRYPOINT ["/usr/bin/tini", "--"]');
    expect(runtime).toContain('CMD ["node", "--max-semi-space-size=2", "dist/main.js"]');
    // (bench:bot runs "the bot as in the image" with the same flag and malloc setting.)
    expect(runtime.join("\n")).toMatch(/^ENV .*MALLOC_ARENA_MAX=2/m);
    expect(runtime.join("\n")).not.toMatch(/tsx|npm (start|run)/);
    expect(runtime).toContain("USER node");
  });

  it("copies everything the compiled bot reads at run time", () => {
    for (const needed of ["/app/dist ./dist", "/app/node_modules ./node_modules", "lang ./lang", "knowledge ./knowledge"]) {
      expect(runtime.some((l) => l.startsWith("COPY") && l.includes(needed)), needed).toBe(true);
    }
    // The build stage compiles and drops development dependencies (tsx, esbuild, TypeScript stay out).
    expect(lines.some((l) => l.includes("npm run build && npm prune --omit=dev"))).toBe(true);
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { dependencies: Record<string, string> };
    for (const devOnly of ["tsx", "typescript", "esbuild"]) expect(Object.keys(pkg.dependencies)).not.toContain(devOnly);
  });
});

describe("the compiled bot (node dist/main.js)", () => {
  let fake: FakeBotApi;
  let bot: BotProcess | undefined;

  beforeAll(async () => {
    execFileSync("npm", ["run", "--silent", "build"], { cwd: ROOT, stdio: "pipe" });
    expect(existsSync(join(ROOT, "dist", "main.js"))).toBe(true);
    fake = await startFakeBotApi({ token: TOKEN });
    bot = startBot({ BOT_TOKEN: TOKEN, BOT_API_ROOT: fake.apiRoot, NODE_ENV: "production" }, { compiled: true });
    await bot.waitForLog((l) => l["msg"] === "polling started", 30_000);
  }, 120_000);

  afterAll(async () => {
    expectNoTokenInOutput(bot);
    await shutdown(bot);
    await fake?.close();
  });

  it("answers, writes nothing but JSON log lines, and stops cleanly on SIGTERM", async () => {
    fake.sendText({ chatId: 8801, text: "Qui a conduit la délégation ?" });
    await fake.waitFor(() => fake.messagesTo(8801).length > 0, 10_000);
    expect(String(fake.messagesTo(8801)[0]?.payload["text"])).toContain("Sergei Tsivilev");
    const notJson = (bot?.output ?? []).filter((line) => {
      try {
        JSON.parse(line);
        return false;
      } catch {
        return true;
      }
    });
    expect(notJson).toEqual([]);
    expect(await bot?.stop("SIGTERM")).toBe(0);
  }, 30_000);
});
