import http from "node:http";
import https from "node:https";
import { deliveryHooks, isSafeToRepeat, TransportError } from "./delivery.ts";

export interface TransportOptions {
  /** A TCP connection that is not up by then is given up (nothing was sent). */
  connectTimeoutMs?: number;
  /** After the headers, the server has this long to say "100 Continue" before the body may leave. */
  continueTimeoutMs?: number;
  /** After the body, the answer must come within this (getUpdates: its long-poll timeout plus `pollGraceMs`). */
  responseTimeoutMs?: number;
  pollGraceMs?: number;
}

/** What grammY reads of a fetch response. */
interface FetchResponse {
  status: number;
  ok: boolean;
  json(): Promise<unknown>;
}

interface FetchInit {
  headers?: Record<string, string>;
  body?: string | Uint8Array | AsyncIterable<Uint8Array>;
  signal?: AbortSignal | null;
}

export type TelegramFetch = (url: string | URL, init?: FetchInit) => Promise<FetchResponse>;

/**
 * The HTTP client for the Bot API, given to grammY as its `fetch`. Unlike
 * node-fetch it knows, when a call fails, whether the request body had left:
 * calls that are not safe to repeat (sendMessage…) announce themselves with
 * `Expect: 100-continue` and send their body only once the server has
 * answered "100 Continue", so a refused, reset or silent connection before
 * that is known not to have delivered anything, and may be retried (see
 * reliable-calls.ts). It also bounds every phase in time: a silently dead
 * connection is given up in seconds, not grammY's default 500 s.
 *
 * A server that ignores `Expect` (some self-hosted Bot API servers) gets the
 * body after `continueTimeoutMs` anyway and is remembered as such: its calls
 * then go without `Expect`, and any failure after the request is written
 * counts as "sent".
 */
export function createTelegramFetch(options: TransportOptions = {}): TelegramFetch {
  const connectTimeoutMs = options.connectTimeoutMs ?? 5_000;
  const continueTimeoutMs = options.continueTimeoutMs ?? 3_000;
  const responseTimeoutMs = options.responseTimeoutMs ?? 20_000;
  const pollGraceMs = options.pollGraceMs ?? 10_000;
  const agents = new Map<string, http.Agent>();
  /** Per server: whether it answers "100 Continue" (learnt from its first answers). */
  const continueSupport = new Map<string, boolean>();

  const agentFor = (url: URL) => {
    let agent = agents.get(url.origin);
    if (!agent) {
      const settings = { keepAlive: true, maxSockets: 64, scheduling: "lifo" as const };
      agent = url.protocol === "https:" ? new https.Agent(settings) : new http.Agent(settings);
      agents.set(url.origin, agent);
    }
    return agent;
  };

  return async (input, init = {}) => {
    const url = new URL(String(input));
    const method = url.pathname.slice(url.pathname.lastIndexOf("/") + 1);
    const body = await collectBody(init.body);
    const repeatable = isSafeToRepeat(method);
    const supportsContinue = continueSupport.get(url.origin);
    // Until the server is known, every call asks (harmless for getMe at start-up, which is how it is learnt).
    const useContinue = supportsContinue !== false && (!repeatable || supportsContinue === undefined) && method.toLowerCase() !== "getupdates";
    const answerWithinMs = method.toLowerCase() === "getupdates" ? pollTimeoutMs(body) + pollGraceMs : responseTimeoutMs;
    // Taken now, in the caller's async context: the hooks of the update or outbox row this call belongs to.
    const hooks = repeatable ? undefined : deliveryHooks.getStore();

    return new Promise<FetchResponse>((resolve, reject) => {
      let sent = false;
      let settled = false;
      let sawContinue = false;
      let timer: NodeJS.Timeout | undefined;
      const signal = init.signal ?? undefined;

      const headers: Record<string, string | number> = { ...(init.headers ?? {}), "content-length": body.length };
      if (useContinue) headers["expect"] = "100-continue";
      const request = (url.protocol === "https:" ? https : http).request({
        protocol: url.protocol,
        hostname: url.hostname,
        port: url.port,
        path: `${url.pathname}${url.search}`,
        method: "POST",
        agent: agentFor(url),
        headers,
      });

      const settle = () => {
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
      };
      const fail = (code: string) => {
        if (settled) return;
        settle();
        request.destroy();
        reject(new TransportError(method, code, sent));
      };
      const arm = (ms: number, code: string, onTimeout?: () => void) => {
        clearTimeout(timer);
        timer = setTimeout(onTimeout ?? (() => fail(code)), ms);
      };
      function onAbort() {
        if (settled) return;
        settle();
        request.destroy();
        const error = new Error(`${method}: aborted`);
        error.name = "AbortError";
        reject(error);
      }
      if (signal?.aborted) return onAbort();
      signal?.addEventListener("abort", onAbort);

      const writeBody = async () => {
        if (settled || sent) return;
        clearTimeout(timer);
        // The mark that makes a crash from here on "unknown" is committed before the body leaves.
        if (hooks) await Promise.resolve(hooks.beforeBodySent(method)).catch(() => undefined);
        if (settled) return;
        sent = true;
        arm(answerWithinMs, "ETIMEDOUT_RESPONSE");
        request.end(body);
      };

      request.on("socket", (socket) => {
        const connected = () => {
          if (settled) return;
          if (!useContinue) return void writeBody();
          arm(continueTimeoutMs, "ETIMEDOUT_CONTINUE", () => {
            // A server known to answer "100 Continue" that stays silent is unreachable: nothing was sent.
            // One not known yet may simply ignore Expect: it gets the body, and is remembered as such if it answers.
            if (continueSupport.get(url.origin) === true) fail("ETIMEDOUT_CONTINUE");
            else void writeBody();
          });
        };
        if (socket.connecting) {
          arm(connectTimeoutMs, "ETIMEDOUT_CONNECT");
          socket.once("connect", connected);
        } else connected();
      });
      request.on("continue", () => {
        sawContinue = true;
        continueSupport.set(url.origin, true);
        void writeBody();
      });
      request.on("response", (response) => {
        // An answer before the body (an early 4xx/5xx) says nothing about Expect; one after a blind body says "not supported".
        if (useContinue && sent && !sawContinue) continueSupport.set(url.origin, false);
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("error", () => fail("ECONNRESET"));
        response.on("end", () => {
          if (settled) return;
          settle();
          // Answered before the body was asked for: this connection is not in a state to be reused.
          if (!sent) request.destroy();
          const text = Buffer.concat(chunks).toString("utf8");
          const status = response.statusCode ?? 0;
          resolve({ status, ok: status >= 200 && status < 300, json: async () => parseAnswer(method, text, status, sent) });
        });
      });
      request.on("error", (error: NodeJS.ErrnoException) => fail(error.code ?? "ENETWORK"));
      if (useContinue) request.flushHeaders();
    });
  };
}

/** The JSON answer; a proxy's HTML error page (502…) reads as the Bot API error it stands for. */
function parseAnswer(method: string, text: string, status: number, sent: boolean): unknown {
  try {
    return JSON.parse(text);
  } catch {
    if (status >= 500) return { ok: false, error_code: status, description: `Bad Gateway: HTTP ${status} without a Bot API answer` };
    throw new TransportError(method, "EBADRESPONSE", sent);
  }
}

function pollTimeoutMs(body: Buffer): number {
  try {
    const timeout = (JSON.parse(body.toString("utf8")) as { timeout?: unknown }).timeout;
    return typeof timeout === "number" && timeout > 0 ? timeout * 1000 : 0;
  } catch {
    return 0;
  }
}

async function collectBody(body: FetchInit["body"]): Promise<Buffer> {
  if (body === undefined) return Buffer.alloc(0);
  if (typeof body === "string") return Buffer.from(body, "utf8");
  if (body instanceof Uint8Array) return Buffer.from(body);
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}
