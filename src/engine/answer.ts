/** What the engine returns for a question: everything a front end needs to render a reply. */

export interface Citation {
  sourceId: string;
  outlet: string;
  author: string;
  title: string;
  date: string;
  url?: string;
  paragraph: number;
  /** Verbatim excerpt of the source ("[…]" marks skipped words). */
  quote: string;
}

export type AnswerStatus =
  /** The knowledge answers the question: `text` + citations. */
  | "answered"
  /** Something close was found but not sure enough: suggestions offered. */
  | "unsure"
  /** About the visit, but the article does not say (e.g. Tsivilev's age). */
  | "unanswerable"
  /** Nothing to do with the visit. */
  | "off_topic"
  /** Greetings, thanks, "who are you": a friendly reply, never a citation. */
  | "smalltalk"
  /** Input that is not a question the engine can read: empty, too long, emoji only, another script or language. */
  | "invalid";

export interface Answer {
  status: AnswerStatus;
  /** True only when the reply claims the knowledge answers the question. */
  answered: boolean;
  /** The short French answer or message (plain text). */
  text: string;
  /** 0 to 3 verbatim excerpts; present only when answered. */
  citations: Citation[];
  /** Confidence in [0, 1]: the share of the question's weight the chosen answer accounts for. */
  score: number;
  /** Up to 3 FAQ questions to offer when unsure or refused. */
  suggestions: string[];
  /** What matched, for logs and tests: an answer, or a curated "the article does not say" entry (status unanswerable). */
  match?: { kind: "faq" | "passage"; id: string };
  /**
   * The question as it was understood, its conversation included: what the next message may lean on ("et
   * quand ?"). Absent for small talk and input that asks nothing (the conversation's subject stays as it was).
   */
  subject?: string;
  /** Read as a follow-up of the previous question. */
  followUp?: boolean;
  /** The language the question was asked in, when not French (the reply itself is French). */
  language?: "en";
  /** Why it decided so (words unknown to the knowledge, best candidates): for logs and tuning, never shown to users. */
  debug?: string;
}
