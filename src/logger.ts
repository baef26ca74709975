import { pino, type Logger } from "pino";
import { createRedactor, REDACTED } from "./redact.ts";

export type { Logger };

/**
 * Structured JSON logs. Secrets never reach a line: known secret values are
 * replaced wherever they appear (an error message, a URL with the token in
 * its path), on top of pino's redaction of the usual fields.
 */
export function createLogger(options: { level: string; secrets: Array<string | undefined>; destination?: pino.DestinationStream }): Logger {
  const redact = createRedactor(options.secrets);
  return pino(
    {
      level: options.level,
      base: { service: "visite-bot" },
      redact: { paths: ["token", "config.BOT_TOKEN", "config.WEBHOOK_SECRET", "*.token", "headers.authorization", 'headers["x-telegram-bot-api-secret-token"]'], censor: REDACTED },
      hooks: {
        streamWrite: redact,
      },
    },
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}
