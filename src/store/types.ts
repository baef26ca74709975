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
  /**
   * Rows left in "sending" by a process that died: those whose body had left are "unknown" (Telegram may have
   * delivered them, see README) and never resent; those still connecting go back to pending.
   */
  markInterruptedSends(updateId: string): Promise<{ unknown: number; requeued: number }>;
  /** Rows that failed on a passing fault (network, 5xx) in an earlier run go back to pending; permanent failures stay. */
  requeueRetryable(updateId: string): Promise<number>;
  /** The body of this row's message is about to leave: from now on a crash leaves its fate unknown. */
  markBodySent(updateId: string, chatId: number): Promise<void>;
  /** Up to `limit` pending rows in chatId order (nothing is claimed); rows of inactive subscribers become skipped. */
  pendingPage(updateId: string, limit: number): Promise<OutboxRow[]>;
  /** Claims one row right before its send (pending → sending); false when it is not pending any more. */
  claim(updateId: string, chatId: number): Promise<boolean>;
  /** Puts a claimed row back to pending (a retry later, or a stop). */
  releaseClaim(updateId: string, chatId: number, attempts: number): Promise<void>;
  /** Records the outcome; `detail` is stored with anything shaped like a token taken out. */
  finish(updateId: string, chatId: number, status: Exclude<OutboxStatus, "pending" | "sending">, now: Date, detail?: string, options?: { retryable?: boolean }): Promise<void>;
  summary(updateId: string): Promise<BroadcastSummary>;
  close(): Promise<void>;
}

/**
 * The subject of each conversation for a few minutes, so that a follow-up ("et il a quel âge ?") is read
 * with it, across restarts and instances. Keys are keyed hashes (conversation-key.ts), never chat or user ids.
 */
export interface ConversationStore {
  /** The subject remembered for this key, if it was set within the last maxAgeMs. */
  recallSubject(key: string, now: Date, maxAgeMs: number): Promise<string | undefined>;
  rememberSubject(key: string, subject: string, now: Date): Promise<void>;
  /** Deletes subjects last set before this date; returns how many. */
  forgetSubjectsBefore(before: Date): Promise<number>;
}

/** One question addressed to the bot and how it went: never who asked (askers are keyed hashes). */
export interface LoggedQuestion {
  /** Random, carried by the feedback buttons of its answer. */
  id: string;
  at: Date;
  question: string;
  status: string;
  score: number;
  /** "faq:<id>" or "passage:<id>" when something was answered or a curated refusal matched. */
  match?: string;
  suggestions: string[];
  via: "chat" | "inline";
  /** Keyed hash of the asker, changing every month: counts distinct askers, names no one. */
  asker: string;
  feedback?: "up" | "down";
  /** The FAQ entry of the suggestion pressed after it, if any. */
  pressed?: string;
}

/** What curators decided about groups of questions, by normalised terms. */
export type ReviewDecisions = ReadonlyMap<string, { at: Date; forever: boolean }>;

/** The private question log (README, "Question log"). */
export interface QuestionLog {
  logQuestion(entry: LoggedQuestion): Promise<void>;
  /** Records 👍/👎 against a logged answer; false when there is no such entry (expired, or the log is off). */
  recordFeedback(id: string, vote: "up" | "down"): Promise<boolean>;
  recordSuggestionPressed(id: string, faqId: string): Promise<void>;
  getQuestion(id: string): Promise<LoggedQuestion | undefined>;
  /** Every question logged since this date, oldest first (the review and the report read a bounded period). */
  questionsSince(since: Date): Promise<LoggedQuestion[]>;
  forgetQuestionsBefore(before: Date): Promise<number>;
  /** A group of questions (by its normalised terms) a curator chose to ignore: never shown again. */
  ignoreInReview(terms: string, now: Date): Promise<void>;
  /** A group a curator fixed (phrasing added, refusal recorded): its questions up to `now` are done with. */
  markReviewed(terms: string, now: Date): Promise<void>;
  reviewDecisions(): Promise<ReviewDecisions>;
}

/**
 * Updates as received from Telegram, kept until they are handled, so that
 * none is lost when the process dies: an update is recorded (durably) before
 * Telegram is told it arrived (the next getUpdates offset, or the webhook's
 * 200), and handled again after a crash unless its reply had started to
 * leave (then it is closed: a second copy could show).
 */
export interface UpdateJournal {
  /** Records updates not seen before and returns their ids; those already recorded are redeliveries. */
  record(updates: ReadonlyArray<{ update_id: number }>, now: Date): Promise<Set<number>>;
  /** The reply to this update is about to leave: after a crash it is not handled again. */
  markReplying(updateId: number): Promise<void>;
  /** Handled (written lazily, in batches: an update still "received" after a crash sent nothing, so handling it again is safe). */
  markDone(updateId: number): void;
  /**
   * After a restart: updates recorded but never handled, to handle now (oldest first), and the number of those
   * whose reply was in flight at the crash (closed, not answered twice).
   */
  recover(deadForMs?: number): Promise<{ replay: unknown[]; interrupted: number }>;
  /** Forgets handled updates older than this (Telegram redelivers for 24 hours at most). */
  prune(olderThan: Date): Promise<number>;
  close(): Promise<void>;
}

/** Everything the bot process keeps: SQLite in DATA_DIR by default, PostgreSQL with DATABASE_URL. */
export type BotStore = SubscriptionStore & ConversationStore & QuestionLog;

/** The store cannot do its job (corrupt, locked, read-only…): the message says what to do. */
export class StoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "StoreError";
  }
}
