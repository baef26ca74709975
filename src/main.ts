/**
 * The bot process: reads the configuration, loads the knowledge, builds the
 * bot and runs it with long polling (default) or a webhook server. Stops
 * gracefully on SIGINT/SIGTERM within 10 seconds.
 */
import type { Server } from "node:http";
import { resolve } from "node:path";
import { config as loadDotenv } from "dotenv";
import { Api, GrammyError } from "grammy";
import type { Update } from "grammy/types";
import { run, type RunnerHandle } from "@grammyjs/runner";
import { COMMANDS, COMMANDS_EN, createBot, DESCRIPTION, SHORT_DESCRIPTION } from "./bot/create-bot.ts";
import { UpdateTracker } from "./bot/middleware/update-tracker.ts";
import { BackgroundJobs } from "./bot/background-jobs.ts";
import { JournalGate } from "./bot/middleware/journal.ts";
import { CONVERSATION_TTL_MS, ConversationMemory } from "./bot/conversation-memory.ts";
import { installSecret } from "./store/install-secret.ts";
import { QuestionLogger } from "./bot/question-logger.ts";
import { createWebhookServer } from "./bot/webhook-server.ts";
import { telegramClientOptions } from "./telegram/client-options.ts";
import { createPublisher } from "./broadcast/publisher.ts";
import { openStore, type OpenedStore } from "./store/open-store.ts";
import { StoreError, type UpdateJournal } from "./store/types.ts";
import { ConfigError, parseConfig, type Config } from "./config.ts";
import { KnowledgeError } from "./engine/knowledge/errors.ts";
import { watchKnowledge } from "./engine/knowledge/watch.ts";
import { LiveEngine } from "./engine/live-engine.ts";
import { createLogger, type Logger } from "./logger.ts";
import { createRedactor } from "./redact.ts";

const STOP_DEADLINE_MS = 10_000;
/** Scrubs secrets from anything printed outside the logger (replaced once the configuration is read). */
let scrub = createRedactor([]);
const ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member", "inline_query", "chosen_inline_result"] as const;
/** Telegram redelivers an unconfirmed update for 24 hours: handled ones are remembered a little longer, then forgotten. */
const JOURNAL_KEEP_MS = 26 * 60 * 60 * 1000;
const JOURNAL_PRUNE_EVERY_MS = 60 * 60 * 1000;
/**
 * Webhook instances sharing PostgreSQL: each beats every 10 s; the updates of one silent for a minute (dead)
 * are taken over by the others, swept every 30 s. A live instance's updates are never taken, however slow.
 */
const DEAD_INSTANCE_MS = 60_000;
const HEARTBEAT_EVERY_MS = 10_000;
const STALE_SWEEP_EVERY_MS = 30_000;
const DAY_MS = 24 * 60 * 60 * 1000;

async function main(): Promise<void> {
  loadDotenv({ quiet: true });
  let config: Config;
  try {
    config = parseConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const secrets = [config.BOT_TOKEN, config.WEBHOOK_SECRET, config.DATABASE_URL, databasePassword(config.DATABASE_URL)];
  scrub = createRedactor(secrets);
  const logger = createLogger({ level: config.LOG_LEVEL, secrets });
  let engine: LiveEngine;
  let store: OpenedStore;
  let journal: UpdateJournal;
  let storeKind: string;
  try {
    engine = new LiveEngine(resolve(config.KNOWLEDGE_DIR));
    const opened = await openStore(config);
    store = opened.store;
    storeKind = opened.kind;
    journal = await opened.journal();
  } catch (error) {
    if (error instanceof KnowledgeError || error instanceof StoreError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  logger.info({ ...engine.stats(), mode: config.BOT_MODE, store: storeKind }, "knowledge loaded");

  const tracker = new UpdateTracker();
  const jobs = new BackgroundJobs();
  let stopper: Stopper = async () => undefined;
  let stopWatching: () => void = () => undefined;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, in_flight: tracker.size }, "stopping");
    setTimeout(() => {
      logger.error("graceful stop took longer than 10 s; exiting");
      process.exit(1);
    }, STOP_DEADLINE_MS).unref();
    await stopper();
    stopWatching();
    await jobs.stopAll();
    const drained = await tracker.idle(STOP_DEADLINE_MS - 1000);
    await journal.close();
    await store.close();
    logger.info({ drained }, "stopped");
    process.exit(drained ? 0 : 1);
  };
  // Installed before anything talks to Telegram, so a stop during start-up is clean too.
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));

  // Broadcasts use their own Api without auto-retry: the broadcaster applies Telegram's rules itself, per subscriber.
  const publisher = createPublisher({
    store,
    sender: new Api(config.BOT_TOKEN, telegramClientOptions(config.BOT_API_ROOT)),
    knowledge: () => engine.knowledge,
    ratePerSecond: config.BROADCAST_RATE,
    logger,
  });
  const gate = new JournalGate(journal, logger);
  const secret = installSecret(config.DATA_DIR);
  const conversations = new ConversationMemory(store, secret, logger);
  const questionLog = config.QUESTION_LOG === "on" ? new QuestionLogger(store, secret, logger) : undefined;
  const pruneLog = () => {
    // Runs with the log off too: turning it off never leaves old questions behind longer than promised.
    store
      .forgetQuestionsBefore(new Date(Date.now() - config.QUESTION_LOG_DAYS * DAY_MS))
      .then((deleted) => {
        if (deleted > 0) logger.info({ deleted, days: config.QUESTION_LOG_DAYS }, "old logged questions deleted");
      })
      .catch((error: unknown) => logger.warn({ err: error }, "old logged questions not deleted"));
  };
  pruneLog();
  setInterval(pruneLog, DAY_MS).unref();
  setInterval(() => {
    store.forgetSubjectsBefore(new Date(Date.now() - CONVERSATION_TTL_MS)).catch((error: unknown) => logger.warn({ err: error }, "old conversations not forgotten"));
  }, CONVERSATION_TTL_MS).unref();
  /** Reads the knowledge again (a file saved, /publier): the new engine answers at once, or the old one goes on. */
  const reloadKnowledge = (reason: string) => {
    const result = engine.reload();
    if (!result.ok) logger.error({ reason, problem: result.error }, "knowledge not reloaded: the files have a problem; the previous knowledge still answers");
    else if (result.changed) logger.info({ reason, ...result.stats }, "knowledge reloaded");
    return result;
  };
  stopWatching = watchKnowledge(resolve(config.KNOWLEDGE_DIR), (files) => void reloadKnowledge(`changed: ${files.slice(0, 5).join(", ")}`));
  const bot = createBot({ config, logger, engine, store, publisher, jobs, tracker, journal: gate, conversations, ...(questionLog ? { questionLog } : {}), review: { log: store, knowledgeDir: resolve(config.KNOWLEDGE_DIR), logEnabled: config.QUESTION_LOG === "on" }, reloadKnowledge: (reason = "/publier") => reloadKnowledge(reason) });
  await bot.init();
  logger.info({ username: bot.botInfo.username }, "bot identity confirmed");
  // In the background: a Telegram slow to take the menu (retried for minutes) never delays the answers.
  void setProfile(bot.api, logger);

  // Polling is one instance: everything unfinished is its own. Webhook instances on a shared database take over
  // only what has been waiting a while (another instance may be handling a fresh one), now and every 30 s.
  const shared = storeKind === "postgresql" && config.BOT_MODE === "webhook";
  const beating = journal as Partial<{ heartbeat(): Promise<void> }>;
  if (beating.heartbeat) {
    const beat = () => beating.heartbeat?.().catch((error: unknown) => logger.warn({ err: error }, "instance heartbeat not written"));
    await beat();
    setInterval(() => void beat(), HEARTBEAT_EVERY_MS).unref();
  }
  await replayUnfinished(bot, journal, logger, shared ? DEAD_INSTANCE_MS : 0);
  if (shared) setInterval(() => void replayUnfinished(bot, journal, logger, DEAD_INSTANCE_MS), STALE_SWEEP_EVERY_MS).unref();
  setInterval(() => {
    journal.prune(new Date(Date.now() - JOURNAL_KEEP_MS)).catch((error: unknown) => logger.warn({ err: error }, "update journal not pruned"));
  }, JOURNAL_PRUNE_EVERY_MS).unref();

  if (stopping) return;
  stopper = config.BOT_MODE === "webhook" ? await startWebhook(bot, gate, config, logger) : await startPolling(bot, logger);
  if (stopping) await stopper();
}

/** Description, short description and command menus (French, and English for English-speaking clients): a failure is logged, never fatal. */
async function setProfile(api: AnyBot["api"], logger: Logger): Promise<void> {
  const steps: Array<[string, () => Promise<unknown>]> = [
    ["setMyCommands", () => api.setMyCommands(COMMANDS)],
    ["setMyCommands (en)", () => api.setMyCommands(COMMANDS_EN, { language_code: "en" })],
    ["setMyDescription", () => api.setMyDescription(DESCRIPTION)],
    ["setMyShortDescription", () => api.setMyShortDescription(SHORT_DESCRIPTION)],
  ];
  for (const [name, step] of steps) await step().catch((error: unknown) => logger.warn({ err: error, step: name }, "bot profile not set; the menu or description may be stale"));
}

/**
 * Updates received before a crash and never handled are handled now (in the background, in order per chat,
 * like any other); those whose reply was leaving when the process died are not answered twice.
 */
async function replayUnfinished(bot: AnyBot, journal: UpdateJournal, logger: Logger, olderThanMs: number): Promise<void> {
  const recovered = await journal.recover(olderThanMs).catch((error: unknown) => {
    logger.error({ err: error }, "unfinished updates not read from the journal");
    return { replay: [], interrupted: 0 };
  });
  const { replay, interrupted } = recovered;
  if (replay.length === 0 && interrupted === 0) return;
  logger.warn({ replayed: replay.length, reply_in_flight: interrupted }, "updates left unfinished by the previous run: handling them now (replies that were leaving are not sent twice)");
  for (const update of replay) void bot.handleUpdate(update as Update).catch((error: unknown) => logger.error({ err: error }, "replayed update failed"));
}

type Stopper = () => Promise<void>;
type AnyBot = ReturnType<typeof createBot>;

/** How long to wait before polling again after Telegram said another instance is polling (409). */
const CONFLICT_RETRY_MS = 5_000;

async function startPolling(bot: AnyBot, logger: Logger): Promise<Stopper> {
  await bot.api.deleteWebhook().catch((error: unknown) => logger.warn({ err: error }, "deleteWebhook failed"));
  let handle: RunnerHandle | undefined;
  let retry: NodeJS.Timeout | undefined;
  let stopped = false;
  const start = () => {
    // Network faults are retried inside the API client (reliable-calls.ts); the runner's own retry (a doubling
    // delay with no cap) is a constant second beyond that.
    const current = run(bot, { runner: { fetch: { allowed_updates: [...ALLOWED_UPDATES] }, silent: true, retryInterval: 1000 } });
    handle = current;
    void current.task()?.catch((error: unknown) => {
      if (stopped) return;
      // 409: another process polls with the same token (typically the old one during a deploy). Keep trying: whichever
      // instance is left running gets the updates; the log says what is going on.
      if (error instanceof GrammyError && error.error_code === 409) {
        logger.warn({ retry_in_ms: CONFLICT_RETRY_MS }, "another instance is polling with this token (409 Conflict); polling again shortly");
        retry = setTimeout(start, CONFLICT_RETRY_MS);
        return;
      }
      // Anything else that stops the runner for good (401: token revoked) must not leave a process pretending to run.
      logger.fatal({ err: error }, "polling stopped on an unrecoverable error");
      process.exit(1);
    });
  };
  start();
  logger.info("polling started");
  return async () => {
    stopped = true;
    clearTimeout(retry);
    if (handle?.isRunning()) await handle.stop();
  };
}

async function startWebhook(bot: AnyBot, gate: JournalGate, config: Config, logger: Logger): Promise<Stopper> {
  const url = new URL(config.WEBHOOK_URL as string);
  const server: Server = createWebhookServer({
    path: url.pathname,
    secret: config.WEBHOOK_SECRET as string,
    logger,
    admit: (update) => gate.admit(update),
    handle: (update) => bot.handleUpdate(update),
  });
  await new Promise<void>((ok) => server.listen(config.PORT, config.HOST, ok));
  const address = server.address();
  logger.info({ port: typeof address === "object" && address ? address.port : config.PORT, path: url.pathname }, "webhook server listening");
  await bot.api.setWebhook(url.href, { secret_token: config.WEBHOOK_SECRET as string, allowed_updates: [...ALLOWED_UPDATES] });
  return () => new Promise<void>((done) => server.close(() => done()));
}

/** The password inside DATABASE_URL, scrubbed from logs on its own too (drivers quote it in some errors). */
function databasePassword(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return decodeURIComponent(new URL(url).password) || undefined;
  } catch {
    return undefined;
  }
}

main().catch((error: unknown) => {
  if (error instanceof GrammyError && error.error_code === 401) {
    console.error("Telegram refused BOT_TOKEN (401 Unauthorized): copy the token again from @BotFather (/mybots → API Token); it may have been revoked.");
    process.exit(1);
  }
  console.error(scrub(`Fatal: ${(error as Error).message ?? String(error)}`));
  process.exit(1);
});
