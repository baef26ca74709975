import type { Transformer } from "grammy";
import type { Logger } from "../logger.ts";

/**
 * Logs every failed Bot API call through pino (so the token is redacted)
 * before the error travels on; the runner's own console output is silenced.
 */
export function logApiFailures(logger: Logger): Transformer {
  return async (prev, method, payload, signal) => {
    try {
      return await prev(method, payload, signal);
    } catch (error) {
      if (!signal?.aborted) logger.warn({ method, err: error }, "Bot API call failed");
      throw error;
    }
  };
}
