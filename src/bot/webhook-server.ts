import { timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Update } from "grammy/types";
import type { Logger } from "../logger.ts";

/** Telegram's updates are a few kilobytes; anything this big is not one. */
export const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;

export interface WebhookServerOptions {
  path: string;
  secret: string;
  logger: Logger;
  /** Records the update durably; false for a redelivery already recorded (answered 200, not handled again). */
  admit: (update: Update) => Promise<boolean>;
  /** Handles an admitted update (after the 200: Telegram is not kept waiting, and never redelivers it). */
  handle: (update: Update) => Promise<void>;
  maxBodyBytes?: number;
}

class BadRequest extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The webhook endpoint: secret checked before the body is read (401), body
 * size bounded (413), JSON checked (400), the update recorded in the journal
 * before the 200, then handled. GET /healthz answers {"ok":true}.
 */
export function createWebhookServer(options: WebhookServerOptions): Server {
  const maxBytes = options.maxBodyBytes ?? MAX_WEBHOOK_BODY_BYTES;
  const expected = Buffer.from(options.secret, "utf8");
  const authorized = (req: IncomingMessage) => {
    const given = Buffer.from(String(req.headers["x-telegram-bot-api-secret-token"] ?? ""), "utf8");
    return given.length === expected.length && timingSafeEqual(given, expected);
  };

  return createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method === "GET" && path === "/healthz") return reply(res, 200, '{"ok":true}');
    if (req.method !== "POST" || path !== options.path) return reply(res, 404, '{"ok":false}');
    if (!authorized(req)) {
      options.logger.warn({ remote: req.socket.remoteAddress }, "webhook request without the right secret token refused");
      return reply(res, 401, '{"ok":false,"description":"Unauthorized"}', true);
    }
    void receive(req, res);
  });

  async function receive(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let update: Update;
    try {
      update = parseUpdate(await readBody(req, maxBytes));
    } catch (error) {
      const status = error instanceof BadRequest ? error.status : 400;
      options.logger.warn({ status, reason: (error as Error).message }, "webhook body refused");
      return reply(res, status, JSON.stringify({ ok: false, description: (error as Error).message }), status === 413);
    }
    let admitted = true;
    try {
      admitted = await options.admit(update);
    } catch (error) {
      options.logger.error({ err: error }, "update not recorded; handled anyway");
    }
    reply(res, 200, '{"ok":true}');
    if (admitted) await options.handle(update).catch((error: unknown) => options.logger.error({ err: error, update_id: update.update_id }, "webhook update failed"));
  }
}

function reply(res: ServerResponse, status: number, body: string, close = false): void {
  if (res.headersSent) return;
  res.writeHead(status, { "content-type": "application/json", ...(close ? { connection: "close" } : {}) }).end(body);
}

function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"] ?? 0);
    if (declared > maxBytes) {
      req.resume();
      return reject(new BadRequest(413, `body larger than ${maxBytes} bytes`));
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        // Stop reading: the rest is never held in memory.
        req.pause();
        reject(new BadRequest(413, `body larger than ${maxBytes} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function parseUpdate(body: Buffer): Update {
  let value: unknown;
  try {
    value = JSON.parse(body.toString("utf8"));
  } catch {
    throw new BadRequest(400, "body is not JSON");
  }
  const id = (value as { update_id?: unknown } | null)?.update_id;
  if (typeof value !== "object" || value === null || Array.isArray(value) || !Number.isSafeInteger(id) || (id as number) < 0) {
    throw new BadRequest(400, "body is not a Telegram update (no update_id)");
  }
  return value as Update;
}
