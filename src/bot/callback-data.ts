/**
 * Callback data of inline buttons (64 bytes at most): a short prefix and an
 * FAQ id or topic id. Parsing never trusts the data: unknown ids are refused
 * by the handlers.
 */
const ASK = "ask:";
const TOPIC = "faq:";

export const askButton = (faqId: string) => `${ASK}${faqId}`.slice(0, 64);
export const topicButton = (topicId: string) => `${TOPIC}${topicId}`.slice(0, 64);

export const ASK_PATTERN = /^ask:([a-z0-9-]{1,60})$/;
export const TOPIC_PATTERN = /^faq:([a-z0-9-]{1,60})$/;
