/**
 * Callback data of inline buttons (64 bytes at most): a short prefix and an
 * FAQ id or topic id (and, for suggestions and feedback, the id of the logged
 * question they follow). Parsing never trusts the data: unknown ids are
 * refused by the handlers.
 */
const ASK = "ask:";
const TOPIC = "faq:";
const FEEDBACK = "fb:";

/** A suggestion: the entry to answer, and the logged question it was offered for (to record which was pressed). */
export const askButton = (faqId: string, loggedId?: string) => (loggedId ? `${ASK}${faqId.slice(0, 42)}:${loggedId}` : `${ASK}${faqId}`.slice(0, 64));
export const topicButton = (topicId: string) => `${TOPIC}${topicId}`.slice(0, 64);
export const feedbackButton = (loggedId: string, vote: "up" | "down") => `${FEEDBACK}${loggedId}:${vote === "up" ? "u" : "d"}`;

export const ASK_PATTERN = /^ask:([a-z0-9-]{1,60})(?::([0-9a-f]{16}))?$/;
export const TOPIC_PATTERN = /^faq:([a-z0-9-]{1,60})$/;
export const FEEDBACK_PATTERN = /^fb:([0-9a-f]{16}):([ud])$/;
/** The thank-you left in place of the feedback buttons: pressing it only answers the button. */
export const THANKS_BUTTON = "fb:done";
