/**
 * The one place where secrets are taken out of text that is kept: log lines
 * and error details written to the database. Known secret values (the bot
 * token, the webhook secret) are replaced wherever they appear, and anything
 * shaped like a bot token is too, so a token from another source (an old
 * token in an error message, a URL copied into a detail) never survives
 * either.
 */
const TOKEN_SHAPE = /(?<!\d)\d{5,}:[A-Za-z0-9_-]{30,}(?![A-Za-z0-9_-])/g;
const MIN_SECRET_LENGTH = 8;

export const REDACTED = "[secret]";

export function createRedactor(secrets: Array<string | undefined>): (text: string) => string {
  const known = secrets.filter((s): s is string => typeof s === "string" && s.length >= MIN_SECRET_LENGTH);
  return (text) => known.reduce((out, secret) => out.split(secret).join(REDACTED), text).replace(TOKEN_SHAPE, REDACTED);
}

/** Without known secrets: only what looks like a bot token (error details from any source). */
export const redactTokens = createRedactor([]);
