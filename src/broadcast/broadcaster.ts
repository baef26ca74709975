import { GrammyError, HttpError } from "grammy";
import { deliveryHooks, transportErrorOf } from "../telegram/delivery.ts";
import type { Source } from "../engine/knowledge/types.ts";
import type { Logger } from "../logger.ts";
import type { BroadcastSummary, OutboxRow, SubscriptionStore } from "../store/types.ts";
import { RateLimiter } from "./rate-limiter.ts";
import { renderUpdateHtml } from "./render-update.ts";

/** The one Bot API call the broadcaster makes; grammY's Api fits. */
export interface MessageSender {
  sendMessage(chatId: number, text: string, other: { parse_mode: "HTML"; link_preview_options: { is_disabled: boolean } }): Promise<unknown>;
}

export interface BroadcastProgress {
  done: number;
  total: number;
  sent: number;
  deactivated: number;
  failed: number;
  /** Sent, but Telegram's answer was lost: maybe delivered, never resent. */
  unknown: number;
}

export interface BroadcastOptions {
  store: SubscriptionStore;
  sender: MessageSender;
  update: Source;
  /** Messages per second overall (Telegram allows about 30; default BROADCAST_RATE 25). */
  ratePerSecond: number;
  /** Identifies this publisher for the lease ("host:pid"). */
  owner: string;
  isOwnerAlive: (owner: string) => boolean;
  logger: Logger;
  onProgress?: (p: BroadcastProgress) => void;
  signal?: AbortSignal;
  /** Attempts for 5xx answers before a message is reported failed (retried by the next run). */
  maxAttempts?: number;
  /** Telegram unreachable for this long (every send refused or silent): the run stops, the rest stays pending. */
  maxOutageMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /**
   * The pace shared by every instance (PostgreSQL): each send also takes a slot of one global schedule, so
   * broadcasts run from several instances at once stay within one BROADCAST_RATE together.
   */
  sharedPace?: SharedSendPace;
}

/** The global schedule of sends, kept in the database (see PgStore.reserveSendSlot). */
export interface SharedSendPace {
  reserveSendSlot(name: string, perSecond: number): Promise<number>;
  pauseSends(name: string, ms: number): Promise<void>;
}

export const isSharedSendPace = (store: unknown): store is SharedSendPace =>
  typeof (store as Partial<SharedSendPace>).reserveSendSlot === "function" && typeof (store as Partial<SharedSendPace>).pauseSends === "function";

/** The name of Telegram's overall limit in the shared schedule. */
const GLOBAL_PACE = "telegram";
/**
 * The shared schedule runs a little under the rate: slots are handed out in the database's clock, but sends from
 * several processes reach Telegram with a few ms of jitter each, and a window counted on arrival must still see
 * no more than the rate (measured at 150/s, three instances: 154 in a second with no margin, 147-149 at 0.97).
 */
const SHARED_PACE_SHARE = 0.96;

export interface BroadcastResult {
  summary: BroadcastSummary;
  /** Rows found in "sending" from an interrupted run whose body had left, now reported "unknown" (never resent: see README). */
  interrupted: number;
  durationMs: number;
  /** Stopped before the end: by the signal, or because Telegram stayed unreachable (`unreachable`). */
  stopped: boolean;
  unreachable: boolean;
}

/** Telegram refused the bot itself (401: token; 404: wrong BOT_API_ROOT): nothing can be sent until it is fixed. */
export class BroadcastFatalError extends Error {
  constructor(error: GrammyError) {
    super(
      error.error_code === 401
        ? "Telegram refused BOT_TOKEN (401 Unauthorized): fix the token (see @BotFather) and run the command again; nothing was marked as sent or failed."
        : `The Bot API answered ${error.error_code} (${error.description}): check BOT_API_ROOT and run the command again; the remaining messages are still pending.`,
    );
    this.name = "BroadcastFatalError";
  }
}

function isFatal(error: unknown): boolean {
  return error instanceof GrammyError && (error.error_code === 401 || error.error_code === 404);
}

export class BroadcastBusyError extends Error {
  constructor(updateId: string) {
    super(`The update "${updateId}" is being published by another process right now; nothing was sent twice. Wait for it to finish (or for its lease to expire) and run the command again to resume.`);
    this.name = "BroadcastBusyError";
  }
}

const LEASE_TTL_MS = 30_000;
const PAGE = 200;

type Outcome =
  | { kind: "deactivated"; reason: string }
  | { kind: "failed"; reason: string; retryable: boolean }
  | { kind: "unknown"; reason: string }
  /** Telegram asked to wait (429): everyone waits, then this row is tried again. */
  | { kind: "rate-limited"; afterMs: number }
  /** The request never left (refused, reset or silent connection): Telegram is unreachable, everyone waits. */
  | { kind: "unreachable"; reason: string }
  | { kind: "retry"; afterMs: number; reason: string };

/** What a Telegram answer (or its absence) means for this subscriber. */
export function classify(error: unknown, attempt: number, maxAttempts: number): Outcome {
  if (error instanceof GrammyError) {
    if (error.error_code === 429) return { kind: "rate-limited", afterMs: (error.parameters.retry_after ?? 1) * 1000 };
    if (error.error_code === 403 || (error.error_code === 400 && /chat not found|user is deactivated|bot was kicked/i.test(error.description))) {
      return { kind: "deactivated", reason: error.description };
    }
    if (error.error_code >= 500) {
      return attempt < maxAttempts ? { kind: "retry", afterMs: backoff(attempt), reason: error.description } : { kind: "failed", reason: error.description, retryable: true };
    }
    return { kind: "failed", reason: error.description, retryable: false };
  }
  const transport = transportErrorOf(error);
  if (transport) {
    // Sent and unanswered: Telegram may have delivered it, and a second copy could not be taken back.
    if (transport.requestSent) return { kind: "unknown", reason: `network: ${transport.message}` };
    return { kind: "unreachable", reason: `network: ${transport.message}` };
  }
  if (error instanceof HttpError) return { kind: "unknown", reason: `network: ${(error.error as Error)?.message ?? "error"}` };
  return { kind: "failed", reason: (error as Error)?.message ?? String(error), retryable: false };
}

/** 0.5 s, 1 s, 2 s, 4 s… capped at 30 s. */
const backoff = (attempt: number) => Math.min(30_000, 500 * 2 ** (attempt - 1));
/** While Telegram is unreachable, the next try waits this much longer each time, up to a few seconds. */
const outageWait = (failures: number) => Math.min(3_000, 250 * 2 ** Math.min(failures - 1, 4));

/**
 * Sends an update to every active subscriber exactly once, resumably.
 *
 * Each (update, chat) has an outbox row: pending → sending → sent /
 * deactivated / failed / unknown. A row is claimed ("sending", committed)
 * before its call, marked "body sent" (committed) right before the message
 * leaves, and finished after Telegram's answer, so a process killed at any
 * point resumes with the rows still pending. A row left "sending" with its
 * body sent, or whose answer was lost on the network, is "unknown" and never
 * resent (at most once, see README); one that was still connecting is simply
 * sent again. While Telegram is unreachable everyone waits (like a 429) for up
 * to `maxOutageMs`; then the run stops with the rest pending. A lease in the
 * database keeps two publishers from working on the same update at once;
 * claiming rows is atomic as a second guard.
 */
export async function broadcast(options: BroadcastOptions): Promise<BroadcastResult> {
  const { store, update, logger } = options;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const maxAttempts = options.maxAttempts ?? 5;
  const maxOutageMs = options.maxOutageMs ?? 10 * 60_000;
  const started = now();
  const updateId = update.id;
  const clock = () => new Date(now());

  if (!(await store.acquireLease(updateId, options.owner, clock(), LEASE_TTL_MS, options.isOwnerAlive))) throw new BroadcastBusyError(updateId);
  let leaseRenewedAt = now();
  const renewLease = async () => {
    if (now() - leaseRenewedAt < LEASE_TTL_MS / 3) return;
    leaseRenewedAt = now();
    await store.acquireLease(updateId, options.owner, clock(), LEASE_TTL_MS, options.isOwnerAlive);
  };

  try {
    const { unknown: interrupted, requeued } = await store.markInterruptedSends(updateId);
    if (interrupted > 0) logger.warn({ update: updateId, interrupted }, "previous run was interrupted mid-send; those messages are reported unknown, not resent");
    if (requeued > 0) logger.info({ update: updateId, requeued }, "previous run was interrupted before those messages left; they are sent now");
    const retried = await store.requeueRetryable(updateId);
    if (retried > 0) logger.info({ update: updateId, retried }, "messages that failed on a passing fault in an earlier run are tried again");
    const added = await store.enqueueActiveSubscribers(updateId, clock());
    const initial = await store.summary(updateId);
    const progress: BroadcastProgress = {
      done: initial.total - initial.byStatus.pending,
      total: initial.total,
      sent: initial.byStatus.sent,
      deactivated: initial.byStatus.deactivated,
      failed: initial.byStatus.failed,
      unknown: initial.byStatus.unknown,
    };
    logger.info({ update: updateId, added, ...progress }, "broadcast starting");
    options.onProgress?.({ ...progress });

    const html = renderUpdateHtml(update);
    const limiter = new RateLimiter(options.ratePerSecond, now, sleep);
    // Enough parallel calls to keep the rate when each call takes a few ms; one at a time at Telegram's usual rates.
    const concurrency = Math.min(16, Math.max(1, Math.ceil(options.ratePerSecond / 100)));

    let fatal: Error | undefined;
    let unreachable = false;
    /** Since when every send failed before leaving (undefined: Telegram answers), and how many in a row. */
    let outage: { since: number; failures: number } | undefined;
    const halted = () => fatal !== undefined || unreachable || Boolean(options.signal?.aborted);

    // A row is "sending" only while its own call is in flight: that is all a crash can leave ambiguous.
    const deliver = async (row: OutboxRow) => {
      let attempts = row.attempts;
      for (;;) {
        if (halted()) return;
        await limiter.take(row.chatId);
        if (options.sharedPace) {
          // A database hiccup must not stop a broadcast: the local limiter alone still keeps this instance in bounds.
          const wait = await options.sharedPace.reserveSendSlot(GLOBAL_PACE, options.ratePerSecond * SHARED_PACE_SHARE).catch(() => 0);
          if (wait > 0) await sleep(wait);
        }
        if (halted()) return;
        if (!(await store.claim(updateId, row.chatId))) return; // another publisher has it
        attempts++;
        try {
          // The row is marked "body sent" right before the message leaves (see delivery.ts): a crash before that
          // point sends it again on resume, one after it reports it unknown.
          await deliveryHooks.run({ beforeBodySent: () => store.markBodySent(updateId, row.chatId) }, () =>
            options.sender.sendMessage(row.chatId, html, { parse_mode: "HTML", link_preview_options: { is_disabled: false } }),
          );
          await store.finish(updateId, row.chatId, "sent", clock());
          if (outage) logger.info({ update: updateId, down_ms: now() - outage.since }, "Telegram reachable again; sending resumes");
          outage = undefined;
          progress.sent++;
          break;
        } catch (error) {
          if (isFatal(error)) {
            // A refused token or a wrong API root fails every chat alike: stop, and leave the rows pending for a fixed run.
            await store.releaseClaim(updateId, row.chatId, attempts - 1);
            fatal ??= new BroadcastFatalError(error as GrammyError);
            return;
          }
          const newChatId = error instanceof GrammyError ? error.parameters.migrate_to_chat_id : undefined;
          if (newChatId !== undefined) {
            // The group became a supergroup: the subscription follows it, and the update goes to the new chat.
            await store.migrateChat(row.chatId, newChatId, clock());
            await store.finish(updateId, row.chatId, "skipped", clock(), `became the supergroup ${newChatId}`);
            await store.enqueueChat(updateId, newChatId, clock());
            progress.total++;
            logger.info({ update: updateId, chat_id: row.chatId, new_chat_id: newChatId }, "group upgraded to a supergroup; subscription moved");
            break;
          }
          const outcome = classify(error, attempts, maxAttempts);
          if (outcome.kind === "rate-limited" || outcome.kind === "unreachable" || outcome.kind === "retry") {
            // Back to pending while waiting, so a crash during the wait does not turn it into "unknown"; waiting for
            // Telegram's permission or for the network is not a failed attempt (only a 5xx answer is).
            if (outcome.kind !== "retry") attempts--;
            await store.releaseClaim(updateId, row.chatId, attempts);
            if (outcome.kind === "rate-limited") {
              limiter.pause(outcome.afterMs);
              void options.sharedPace?.pauseSends(GLOBAL_PACE, outcome.afterMs).catch(() => undefined);
              logger.warn({ update: updateId, retry_after_ms: outcome.afterMs }, "429 Too Many Requests: pausing");
            } else if (outcome.kind === "unreachable") {
              outage ??= { since: now(), failures: 0 };
              outage.failures++;
              if (outage.failures === 1) logger.warn({ update: updateId, reason: outcome.reason }, "Telegram unreachable: pausing until it answers again");
              if (now() - outage.since >= maxOutageMs) {
                unreachable = true;
                logger.error({ update: updateId, down_ms: now() - outage.since }, "Telegram unreachable for too long: stopping; run again to resume");
                return;
              }
              limiter.pause(outageWait(outage.failures));
            } else {
              logger.warn({ update: updateId, chat_id: row.chatId, attempt: attempts, reason: outcome.reason }, "send failed; retrying");
              await sleep(outcome.afterMs);
            }
            continue;
          }
          if (outcome.kind === "deactivated") {
            await store.deactivate(row.chatId, outcome.reason, clock());
            await store.finish(updateId, row.chatId, "deactivated", clock(), outcome.reason);
            progress.deactivated++;
          } else if (outcome.kind === "unknown") {
            await store.finish(updateId, row.chatId, "unknown", clock(), `${outcome.reason}; not resent: Telegram may have delivered it`);
            progress.unknown++;
            logger.warn({ update: updateId, chat_id: row.chatId, reason: outcome.reason }, "answer to a send was lost; reported unknown, not resent");
          } else {
            await store.finish(updateId, row.chatId, "failed", clock(), outcome.reason, { retryable: outcome.retryable });
            progress.failed++;
            logger.error({ update: updateId, chat_id: row.chatId, reason: outcome.reason, retried_next_run: outcome.retryable }, "send failed");
          }
          break;
        }
      }
      progress.done++;
      options.onProgress?.({ ...progress });
    };

    while (!halted()) {
      await renewLease();
      const rows = await store.pendingPage(updateId, PAGE);
      if (rows.length === 0) break;
      let next = 0;
      const worker = async () => {
        while (next < rows.length && !halted()) {
          await deliver(rows[next++] as OutboxRow);
          await renewLease();
        }
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
    }
    if (fatal) throw fatal;
    const stopped = Boolean(options.signal?.aborted) || unreachable;
    const summary = await store.summary(updateId);
    const durationMs = now() - started;
    logger.info({ update: updateId, ...summary.byStatus, duration_ms: durationMs, stopped, unreachable }, "broadcast finished");
    return { summary, interrupted, durationMs, stopped, unreachable };
  } finally {
    await store.releaseLease(updateId, options.owner);
  }
}
