import type { ApiClientOptions } from "grammy";
import { createTelegramFetch, type TransportOptions } from "./transport.ts";

/**
 * grammY client options for every Api of the process (the bot's, the
 * broadcaster's): the Bot API root and the transport that knows whether a
 * request left (transport.ts). grammY's own timeout stays as a last resort
 * above the transport's per-phase limits.
 */
export function telegramClientOptions(apiRoot: string, transport: TransportOptions = {}): ApiClientOptions {
  return {
    apiRoot,
    fetch: createTelegramFetch(transport) as unknown as NonNullable<ApiClientOptions["fetch"]>,
    timeoutSeconds: 120,
  };
}
