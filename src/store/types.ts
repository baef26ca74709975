/**
 * What the features and the broadcaster need from storage. Asynchronous on
 * purpose: the SQLite implementation answers at once, but a server database
 * (PostgreSQL, for several bot instances) can implement the same interface
 * without touching the features.
 */

export interface Subscriber {
  chatId: number;
  chatType: string;
  active: boolean;
  /** ISO timestamp of the (last) subscription. */
  subscribedAt: string;
  unsubscribedAt?: string;
  /** Why delivery stopped on its own ("bot was blocked by the user"…), when it did. */
  deactivatedReason?: string;
}

export type OutboxStatus = "pending" | "sending" | "sent" | "failed" | "deactivated" | "skipped" | "unknown";

export interface OutboxRow {
  updateId: string;
  chatId: number;
  status: OutboxStatus;
  attempts: number;
}

export interface BroadcastSummary {
  updateId: string;
  total: number;
  byStatus: Record<OutboxStatus, number>;
  startedAt?: string;
  finishedAt?: string;
}

export interface SubscriptionStore {
  /** Subscribes (or re-activates) a chat. `created` is false when it was already active. */
  subscribe(chatId: number, chatType: string, now: Date): Promise<{ changed: boolean; subscriber: Subscriber }>;
  /** Returns false when the chat was not subscribed. */
  unsubscribe(chatId: number, now: Date): Promise<boolean>;
  getSubscriber(chatId: number): Promise<Subscriber | undefined>;
  /** Stops delivery to a chat that cannot be reached any more (blocked, deleted). */
  deactivate(chatId: number, reason: string, now: Date): Promise<void>;
  /**
   * A group became a supergroup (a new chat id): its subscription moves to the new id, keeping its date.
   * Returns true when there was an active subscription to move.
   */
  migrateChat(oldChatId: number, newChatId: number, now: Date): Promise<boolean>;
  countActive(): Promise<number>;
  /** Active subscribers with chatId > afterChatId, in chatId order: pages, never the whole table. */
  pageActive(afterChatId: number, limit: number): Promise<Subscriber[]>;

  /**
   * Takes the publishing lease of an update for `owner` until `until`; true
   * when taken or already held by owner. A lease held by a dead owner is
   * taken over when `isOwnerAlive` says so.
   */
  acquireLease(updateId: string, owner: string, now: Date, ttlMs: number, isOwnerAlive: (owner: string) => boolean): Promise<boolean>;
  releaseLease(updateId: string, owner: string): Promise<void>;
  /** Adds a pending outbox row for every active subscriber that has none for this update yet. Returns how many were added. */
  enqueueActiveSubscribers(updateId: string, now: Date): Promise<number>;
  /** Adds a pending outbox row for one chat (a migrated group) unless it has one. */
  enqueueChat(updateId: string, chatId: number, now: Date): Promise<void>;
  /** Rows left in "sending" by a process that died: their fate at Telegram is unknown (see README). */
  markInterruptedSends(updateId: string): Promise<number>;
  /** Up to `limit` pending rows in chatId order (nothing is claimed); rows of inactive subscribers become skipped. */
  pendingPage(updateId: string, limit: number): Promise<OutboxRow[]>;
  /** Claims one row right before its send (pending → sending); false when it is not pending any more. */
  claim(updateId: string, chatId: number): Promise<boolean>;
  /** Puts a claimed row back to pending (a retry later, or a stop). */
  releaseClaim(updateId: string, chatId: number, attempts: number): Promise<void>;
  finish(updateId: string, chatId: number, status: Exclude<OutboxStatus, "pending" | "sending">, now: Date, detail?: string): Promise<void>;
  summary(updateId: string): Promise<BroadcastSummary>;
  close(): Promise<void>;
}

/** The store cannot do its job (corrupt, locked, read-only…): the message says what to do. */
export class StoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "StoreError";
  }
}
