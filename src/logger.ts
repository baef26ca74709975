import { pino, type Logger } from "pino";

export type { Logger };

/**
 * Structured JSON logs. Secrets never reach a line: known secret values are
 * replaced wherever they appear (an error message, a URL with the token in
 * its path), on top of pino's redaction of the usual fields.
 */
export function createLogger(options: { level: string; secrets: Array<string | undefined>; destination?: pino.DestinationStream }): Logger {
  const secrets = options.secrets.filter((s): s is string => typeof s === "string" && s.length >= 8);
  return pino(
    {
      level: options.level,
      base: { service: "visite-bot" },
      redact: { paths: ["token", "config.BOT_TOKEN", "config.WEBHOOK_SECRET", "*.token", "headers.authorization", 'headers["x-telegram-bot-api-secret-token"]'], censor: "[secret]" },
      hooks: {
        streamWrite: (line) => secrets.reduce((out, secret) => out.split(secret).join("[secret]"), line),
      },
    },
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}
