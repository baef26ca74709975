import { AsyncLocalStorage } from "node:async_hooks";
import { HttpError } from "grammy";

/**
 * What a failed Bot API call means for delivery. The Bot API has no
 * idempotency key: once the body of a `sendMessage` has left, Telegram may
 * have delivered it even if its answer never came back. So the transport tells
 * apart a request that never left (connection refused, reset or silent before
 * the server said "100 Continue") from one whose body was sent (answer lost or
 * late): the first may be sent again, the second only if the method is safe to
 * repeat.
 */
export class TransportError extends Error {
  constructor(
    /** The Bot API method, e.g. "sendMessage" (never the URL: it holds the token). */
    readonly method: string,
    /** ECONNREFUSED, ECONNRESET, ETIMEDOUT_CONNECT, ETIMEDOUT_CONTINUE, ETIMEDOUT_RESPONSE, EBADRESPONSE… */
    readonly code: string,
    /** True when the request body was written: Telegram may have acted on it. */
    readonly requestSent: boolean,
  ) {
    super(`${method}: ${describe(code)}${requestSent ? " after the request was sent (Telegram may have received it)" : " before the request was sent"}`);
    this.name = "TransportError";
  }
}

function describe(code: string): string {
  switch (code) {
    case "ECONNREFUSED":
      return "connection refused";
    case "ECONNRESET":
      return "connection reset";
    case "ETIMEDOUT_CONNECT":
      return "no connection within the time limit";
    case "ETIMEDOUT_CONTINUE":
      return "the server stayed silent";
    case "ETIMEDOUT_RESPONSE":
      return "no answer within the time limit";
    case "EBADRESPONSE":
      return "unreadable answer";
    default:
      return `network error (${code})`;
  }
}

/**
 * Methods whose repetition cannot show the user anything twice: reads, settings,
 * chat actions, edits (an identical edit is refused as "not modified") and
 * callback answers. Everything else (sendMessage, copyMessage…) is sent at most
 * once when its fate is unknown.
 */
const SAFE_TO_REPEAT = new Set(
  [
    "getUpdates", "getMe", "getChat", "getChatMember", "getChatAdministrators", "getWebhookInfo", "getMyCommands", "getFile",
    "setWebhook", "deleteWebhook", "setMyCommands", "deleteMyCommands", "setMyDescription", "setMyShortDescription", "setMyName",
    "setChatMenuButton", "sendChatAction", "answerCallbackQuery", "answerInlineQuery", "editMessageText", "editMessageReplyMarkup",
    "editMessageCaption", "deleteMessage", "setMessageReaction", "close", "logOut",
  ].map((m) => m.toLowerCase()),
);

export function isSafeToRepeat(method: string): boolean {
  return SAFE_TO_REPEAT.has(method.toLowerCase());
}

/** The transport's verdict inside a grammY HttpError, if that is what failed. */
export function transportErrorOf(error: unknown): TransportError | undefined {
  if (error instanceof TransportError) return error;
  if (error instanceof HttpError && error.error instanceof TransportError) return error.error;
  return undefined;
}

/** A call whose request left and whose answer was lost: it may or may not have been delivered. */
export function isAmbiguousSend(error: unknown): boolean {
  const transport = transportErrorOf(error);
  return transport !== undefined && transport.requestSent && !isSafeToRepeat(transport.method);
}

export interface DeliveryHooks {
  /**
   * Called once per call to a method that is not safe to repeat, right before
   * its body is written (after the server's "100 Continue"): the moment from
   * which a crash leaves its fate unknown. The body waits for the promise, so
   * a durable mark ("reply in flight", "sending") is committed first.
   */
  beforeBodySent(method: string): void | Promise<void>;
}

/**
 * Hooks of the work in progress (an update being answered, an outbox row being
 * sent), carried through async calls down to the transport, which knows when a
 * body really leaves.
 */
export const deliveryHooks = new AsyncLocalStorage<DeliveryHooks>();
