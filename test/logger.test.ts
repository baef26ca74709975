import { describe, expect, it } from "vitest";
import { createLogger } from "../src/logger.ts";

const TOKEN = "123456:ABCdefGHIjklMNOpqrSTUvwxYZ0123456789";
const SECRET = "s3cret_webhook-TOKEN_1234";

function memoryLogger(level = "trace") {
  const lines: string[] = [];
  const logger = createLogger({ level, secrets: [TOKEN, SECRET, undefined], destination: { write: (line: string) => void lines.push(line) } });
  return { logger, lines, all: () => lines.join("") };
}

describe("createLogger: secrets never reach a line", () => {
  it("in the message", () => {
    const { logger, all } = memoryLogger();
    logger.info(`calling https://api.telegram.org/bot${TOKEN}/getMe with ${SECRET}`);
    expect(all()).not.toContain(TOKEN);
    expect(all()).not.toContain(SECRET);
    expect(all()).toContain("https://api.telegram.org/bot[secret]/getMe");
  });

  it("in an error's message, stack and cause", () => {
    const { logger, all } = memoryLogger();
    const cause = new Error(`socket to /bot${TOKEN}/getUpdates reset`);
    const error = new Error(`request to http://127.0.0.1:8081/bot${TOKEN}/sendMessage failed`, { cause });
    logger.error({ err: error }, "network error");
    logger.error(error);
    expect(all()).toContain("network error");
    expect(all()).toContain("request to http://127.0.0.1:8081/bot[secret]/sendMessage failed");
    expect(all()).not.toContain(TOKEN);
  });

  it("in nested objects, arrays and redacted fields", () => {
    const { logger, lines, all } = memoryLogger();
    logger.info({ a: { b: { c: [`x${TOKEN}y`, { d: TOKEN }] } }, config: { BOT_TOKEN: TOKEN, WEBHOOK_SECRET: SECRET }, token: "short", headers: { authorization: "Bearer abc" } }, "nested");
    logger.info({ request: { headers: { "x-telegram-bot-api-secret-token": SECRET } } }, "header");
    expect(all()).not.toContain(TOKEN);
    expect(all()).not.toContain(SECRET);
    const first = JSON.parse(lines[0] as string) as Record<string, unknown>;
    expect(first["config"]).toEqual({ BOT_TOKEN: "[secret]", WEBHOOK_SECRET: "[secret]" });
    expect(first["token"]).toBe("[secret]"); // redacted by path even when not a known value
    expect((first["headers"] as Record<string, unknown>)["authorization"]).toBe("[secret]");
  });

  it("in a URL object and in a child logger's bindings", () => {
    const { logger, all } = memoryLogger();
    logger.warn({ url: new URL(`https://api.telegram.org/bot${TOKEN}/getMe?x=1`) }, "url");
    logger.child({ api: `https://api.telegram.org/bot${TOKEN}` }).info("child");
    expect(all()).toContain("url");
    expect(all()).toContain("child");
    expect(all()).not.toContain(TOKEN);
  });

  it("keeps lines valid JSON and leaves other text alone", () => {
    const { logger, lines } = memoryLogger();
    logger.info({ user: "Awa", n: 3 }, `bonjour ${TOKEN}`);
    const parsed = JSON.parse(lines[0] as string) as Record<string, unknown>;
    expect(parsed).toMatchObject({ level: 30, service: "visite-bot", user: "Awa", n: 3, msg: "bonjour [secret]" });
  });

  it("honours the level", () => {
    const { logger, lines } = memoryLogger("warn");
    logger.info("hidden");
    logger.warn("shown");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("shown");
  });
});
