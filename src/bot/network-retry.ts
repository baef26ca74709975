import { HttpError, type Transformer } from "grammy";

/**
 * Retries Bot API calls that failed on the network (connection refused or
 * dropped, DNS, timeouts), a bounded number of times with growing waits.
 * @grammyjs/auto-retry would retry them forever; a call that cannot get
 * through must fail eventually, so the update can end and be logged.
 */
export function retryNetworkErrors(options: { attempts?: number; firstDelayMs?: number; sleep?: (ms: number) => Promise<void> } = {}): Transformer {
  const attempts = options.attempts ?? 4;
  const firstDelay = options.firstDelayMs ?? 500;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  return async (prev, method, payload, signal) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await prev(method, payload, signal);
      } catch (error) {
        // getUpdates has its own retry loop in the runner; an aborted call is a stop, not a fault.
        if (!(error instanceof HttpError) || attempt >= attempts || signal?.aborted || method === "getUpdates") throw error;
        await sleep(firstDelay * 2 ** (attempt - 1));
      }
    }
  };
}
