import type { Logger } from "../logger.ts";
import { keyedHash } from "../store/install-secret.ts";
import type { ConversationStore } from "../store/types.ts";

/** How long a conversation's subject is kept: a follow-up comes within minutes, not hours. */
export const CONVERSATION_TTL_MS = 10 * 60_000;
/** A store that takes longer than this to remember (a locked database) is not waited for: the question is answered alone. */
const RECALL_TIMEOUT_MS = 300;

/**
 * What each conversation is about, for follow-up questions: per private chat, and per user within a group
 * (two people talking at once in a group never mix their subjects). Stored behind the store interface so that
 * a restart, or another instance, keeps it; keyed by a hash of chat and user with the install secret.
 */
export class ConversationMemory {
  constructor(
    private readonly store: ConversationStore,
    private readonly secret: Buffer,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** Subjects being written: the next message of the conversation may come before the write is committed. */
  private readonly writing = new Map<string, { subject: string; at: number }>();

  keyFor(chatId: number, userId: number | undefined, chatType: string): string {
    return chatType === "private" || userId === undefined ? keyedHash(this.secret, "chat", chatId) : keyedHash(this.secret, "member", chatId, userId);
  }

  /** The subject the conversation is on, if any; never throws and never waits long. */
  async recall(key: string): Promise<string | undefined> {
    const unwritten = this.writing.get(key);
    if (unwritten && this.now() - unwritten.at < CONVERSATION_TTL_MS) return unwritten.subject;
    const timeout = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), RECALL_TIMEOUT_MS).unref());
    const recalled = this.store.recallSubject(key, new Date(this.now()), CONVERSATION_TTL_MS).catch((error: unknown) => {
      this.logger.warn({ err: error }, "conversation memory not read; the question is answered on its own");
      return undefined;
    });
    return Promise.race([recalled, timeout]);
  }

  /** Remembers the subject, in the background: answering never waits for it. */
  remember(key: string, subject: string): void {
    const entry = { subject, at: this.now() };
    this.writing.set(key, entry);
    this.store
      .rememberSubject(key, subject, new Date(entry.at))
      .catch((error: unknown) => this.logger.warn({ err: error }, "conversation memory not written"))
      .finally(() => {
        if (this.writing.get(key) === entry) this.writing.delete(key);
      });
  }
}
