import { z } from "zod";

/**
 * The bot's configuration, parsed once from the environment. Every rule
 * carries the message an operator needs: which variable, what is wrong, how
 * to fix it.
 */
const BOT_TOKEN_HELP = "create a bot with @BotFather (/newbot) and put its token in BOT_TOKEN, e.g. in .env (see .env.example)";

const idList = z
  .string()
  .default("")
  .transform((s, ctx) => {
    const parts = s.split(",").map((p) => p.trim()).filter(Boolean);
    const ids = parts.map(Number);
    if (ids.some((n) => !Number.isSafeInteger(n))) {
      ctx.addIssue({ code: "custom", message: `must be a comma-separated list of Telegram user ids (numbers), got "${s}"` });
      return z.NEVER;
    }
    return ids;
  });

const positiveNumber = (name: string, fallback: number) =>
  z.coerce.number({ message: `${name} must be a number` }).positive(`${name} must be greater than 0`).default(fallback);

export const configSchema = z
  .object({
    BOT_TOKEN: z
      .string({ message: `is required: ${BOT_TOKEN_HELP}` })
      .trim()
      .regex(/^\d+:[A-Za-z0-9_-]{20,}$/, `does not look like a bot token (digits, a colon, then at least 20 letters, digits, _ or -): ${BOT_TOKEN_HELP}`),
    BOT_API_ROOT: z.url({ message: "must be a URL such as https://api.telegram.org (or your self-hosted Bot API server)" }).default("https://api.telegram.org"),
    BOT_MODE: z.enum(["polling", "webhook"], { message: 'must be "polling" (default) or "webhook"' }).default("polling"),
    WEBHOOK_URL: z.url({ message: "must be the public https URL Telegram will post updates to" }).optional(),
    WEBHOOK_SECRET: z
      .string()
      .regex(/^[A-Za-z0-9_-]{16,256}$/, "must be 16 to 256 characters among A-Z, a-z, 0-9, _ and - (Telegram's rule for secret_token)")
      .optional(),
    PORT: z.coerce.number({ message: "must be a port number" }).int().min(0).max(65535).default(8080),
    HOST: z.string().default("0.0.0.0"),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], { message: "must be one of fatal, error, warn, info, debug, trace, silent" }).default("info"),
    ADMIN_IDS: idList,
    DATA_DIR: z.string().min(1).default("./data"),
    KNOWLEDGE_DIR: z.string().min(1).default("./knowledge"),
    BROADCAST_RATE: positiveNumber("BROADCAST_RATE", 25),
    FLOOD_LIMIT: z.coerce.number().int().positive().default(10),
    FLOOD_WINDOW_SECONDS: positiveNumber("FLOOD_WINDOW_SECONDS", 30),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\/\S+$/, "must be a PostgreSQL URL such as postgres://bot:password@db:5432/bot (leave it unset for SQLite in DATA_DIR)")
      .optional(),
    DATABASE_POOL_SIZE: z.coerce.number({ message: "must be a number of connections" }).int().min(1, "must be at least 1").max(100, "must be at most 100").default(10),
    QUESTION_LOG: z.enum(["on", "off"], { message: 'must be "on" (default: questions are logged without who asked) or "off"' }).default("on"),
    QUESTION_LOG_DAYS: z.coerce.number({ message: "must be a number of days" }).int("must be a whole number of days").min(1, "must be at least 1 day").default(90),
  })
  .superRefine((c, ctx) => {
    if (c.BOT_MODE !== "webhook") return;
    if (!c.WEBHOOK_URL) ctx.addIssue({ code: "custom", path: ["WEBHOOK_URL"], message: "is required when BOT_MODE=webhook: the public https URL of this server, e.g. https://bot.example.org/telegram" });
    if (!c.WEBHOOK_SECRET) ctx.addIssue({ code: "custom", path: ["WEBHOOK_SECRET"], message: "is required when BOT_MODE=webhook: a random string (16+ of A-Z a-z 0-9 _ -) that Telegram sends back in a header so forged updates are refused" });
  });

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

/** Parses the environment; throws a ConfigError whose message names each bad variable and how to fix it. */
export function parseConfig(env: NodeJS.ProcessEnv): Config {
  // An empty variable (BOT_TOKEN= in .env) means "not set", not "set to nothing".
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = configSchema.safeParse(cleaned);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => `- ${String(i.path[0] ?? "configuration")} ${i.message}`);
  throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
}
