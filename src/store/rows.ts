import type { LoggedQuestion, Subscriber } from "./types.ts";

/** A subscriber row as both databases return it (SQLite's booleans are 0/1). */
export interface SubscriberRow {
  chat_id: number;
  chat_type: string;
  active: boolean | number;
  subscribed_at: string;
  unsubscribed_at: string | null;
  deactivated_reason: string | null;
}

export const toSubscriber = (r: SubscriberRow): Subscriber => ({
  chatId: r.chat_id,
  chatType: r.chat_type,
  active: r.active === true || r.active === 1,
  subscribedAt: r.subscribed_at,
  ...(r.unsubscribed_at ? { unsubscribedAt: r.unsubscribed_at } : {}),
  ...(r.deactivated_reason ? { deactivatedReason: r.deactivated_reason } : {}),
});

/** A question_log row as both databases return it. */
export interface QuestionRow {
  id: string;
  at: number;
  question: string;
  status: string;
  score: number;
  match: string | null;
  suggestions: string;
  via: "chat" | "inline";
  asker: string;
  feedback: "up" | "down" | null;
  pressed: string | null;
}

export const toLogged = (r: QuestionRow): LoggedQuestion => ({
  id: r.id,
  at: new Date(r.at),
  question: r.question,
  status: r.status,
  score: r.score,
  ...(r.match ? { match: r.match } : {}),
  suggestions: JSON.parse(r.suggestions) as string[],
  via: r.via,
  asker: r.asker,
  ...(r.feedback ? { feedback: r.feedback } : {}),
  ...(r.pressed ? { pressed: r.pressed } : {}),
});
