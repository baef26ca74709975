import { Bot, type BotConfig } from "grammy";
import { sequentialize } from "@grammyjs/runner";
import type { UserFromGetMe } from "grammy/types";
import type { Engine } from "../engine/engine.ts";
import type { ReloadResult } from "../engine/live-engine.ts";
import type { ConversationMemory } from "./conversation-memory.ts";
import type { Logger } from "../logger.ts";
import type { Publisher } from "../broadcast/publisher.ts";
import type { SubscriptionStore } from "../store/types.ts";
import { BackgroundJobs } from "./background-jobs.ts";
import { adminFeature } from "./features/admin.ts";
import { subscriptionsFeature } from "./features/subscriptions.ts";
import type { BotContext } from "./context.ts";
import { logApiFailures } from "./api-logging.ts";
import { handleBotError } from "./errors.ts";
import { dropMalformedUpdates } from "./middleware/update-shape.ts";
import type { JournalGate } from "./middleware/journal.ts";
import { telegramClientOptions } from "../telegram/client-options.ts";
import { reliableCalls } from "../telegram/reliable-calls.ts";
import { faqFeature } from "./features/faq.ts";
import { fallbackFeature } from "./features/fallback.ts";
import { questionsFeature } from "./features/questions.ts";
import { inlineFeature } from "./features/inline.ts";
import { feedbackFeature } from "./features/feedback.ts";
import { reviewFeature } from "./features/review.ts";
import type { QuestionLog } from "../store/types.ts";
import type { QuestionLogger } from "./question-logger.ts";
import { sourcesFeature } from "./features/sources.ts";
import { welcomeFeature } from "./features/welcome.ts";
import { FloodGuard } from "./middleware/flood-guard.ts";
import { updateLogger } from "./middleware/logging.ts";
import type { UpdateTracker } from "./middleware/update-tracker.ts";

export interface BotDeps {
  config: {
    BOT_TOKEN: string;
    BOT_API_ROOT: string;
    FLOOD_LIMIT: number;
    FLOOD_WINDOW_SECONDS: number;
    ADMIN_IDS: number[];
  };
  logger: Logger;
  engine: Engine;
  store: SubscriptionStore;
  /** Publishing of curated updates (/publier); without it the command is not offered. */
  publisher?: Publisher;
  jobs?: BackgroundJobs;
  /** Known bot identity: skips getMe (tests, and faster start when cached). */
  botInfo?: UserFromGetMe;
  /** Retries on 429/5xx/network errors (reliable-calls.ts); tests of raw behaviour may turn it off. */
  autoRetry?: boolean;
  /** Reads the knowledge files again before /publier, so that an update saved a moment ago is the one sent. */
  reloadKnowledge?: (reason?: string) => ReloadResult;
  /** The private question log (and the 👍/👎 buttons that feed it); without it (QUESTION_LOG=off) nothing is logged. */
  questionLog?: QuestionLogger;
  /** /revue for admins: the logged questions to review, and the knowledge directory whose faq.yaml it edits. */
  review?: { log: QuestionLog; knowledgeDir: string; logEnabled?: boolean };
  /** Follow-up questions read with the conversation's subject; without it every message stands alone. */
  conversations?: ConversationMemory;
  /** Crash-safe handling of updates (no loss, no double answer): the bot process always has one. */
  journal?: JournalGate;
  tracker?: UpdateTracker;
  now?: () => number;
  /** Show "typing…" when answering takes longer than this (default 300 ms). */
  typingDelayMs?: number;
}

/** The profile a new chat shows before /start (French), set at start-up. */
export const DESCRIPTION =
  "Posez vos questions, en français (ou en anglais), sur la visite de la délégation russe conduite par Sergei Tsivilev à Bamako le 28 juillet 2025, et sur ce qui a suivi. Chaque réponse cite l’extrait de la source d’où elle vient ; ce que les sources ne disent pas, je le dis. /abonner pour recevoir les nouvelles.";
export const SHORT_DESCRIPTION = "Questions sur la visite russe à Bamako (juillet 2025) : réponses citées, en français.";

/** The command menu for English-speaking clients (the French one is the default). */
export const COMMANDS_EN = [
  { command: "start", description: "About the bot and example questions" },
  { command: "faq", description: "Browse the questions by topic" },
  { command: "question", description: "Ask a question (useful in groups)" },
  { command: "sources", description: "Where the answers come from" },
  { command: "abonner", description: "Get the news about the visit" },
  { command: "desabonner", description: "Stop the news" },
  { command: "statut", description: "Am I subscribed?" },
  { command: "aide", description: "How to use the bot" },
];

/** French command menu, registered with setMyCommands at start-up. */
export const COMMANDS = [
  { command: "start", description: "Présentation et exemples de questions" },
  { command: "faq", description: "Parcourir les questions par thème" },
  { command: "question", description: "Poser une question (utile dans les groupes)" },
  { command: "sources", description: "Les sources des réponses" },
  { command: "abonner", description: "Recevoir les nouvelles sur la visite" },
  { command: "desabonner", description: "Ne plus recevoir les nouvelles" },
  { command: "statut", description: "Suis-je abonné ?" },
  { command: "aide", description: "Comment utiliser le bot" },
];

/** Builds the bot from its dependencies; starts nothing (see main.ts). */
export function createBot(deps: BotDeps): Bot<BotContext> {
  const options: BotConfig<BotContext> = { client: telegramClientOptions(deps.config.BOT_API_ROOT) };
  if (deps.botInfo) options.botInfo = deps.botInfo;
  const bot = new Bot<BotContext>(deps.config.BOT_TOKEN, options);
  // Transformers wrap the ones installed before them: the logger sees every raw failure, retries included.
  bot.api.config.use(logApiFailures(deps.logger));
  if (deps.autoRetry !== false) {
    // 429, 5xx and requests that never left are tried again, for minutes; a sent message whose answer was lost is not.
    bot.api.config.use(
      reliableCalls({
        onRetry: (e) => deps.logger.warn({ method: e.method, reason: e.reason, retry_in_ms: e.delayMs }, "Bot API call failed; retrying"),
        onRecovered: (e) => deps.logger.info({ method: e.method, attempts: e.attempts, waited_ms: e.waitedMs }, "Bot API call went through after retrying"),
      }),
    );
  }
  // Outermost: records each batch of updates once it is really received, before the next poll confirms it.
  if (deps.journal) bot.api.config.use(deps.journal.recordPolledUpdates());

  const flood = new FloodGuard(deps.config.FLOOD_LIMIT, deps.config.FLOOD_WINDOW_SECONDS * 1000, deps.now);
  if (deps.tracker) bot.use(deps.tracker.middleware());
  bot.use(updateLogger(deps.logger));
  if (deps.journal) bot.use(deps.journal.middleware());
  bot.use(dropMalformedUpdates());
  // Updates of one chat are handled in order; different chats run concurrently (with @grammyjs/runner).
  bot.use(sequentialize((ctx) => ctx.chat?.id.toString() ?? ctx.from?.id.toString()));
  bot.on("edited_message", (ctx) => ctx.logger.debug("edited message ignored"));

  const onError = handleBotError(deps.logger, deps.store);
  const now = deps.now ?? Date.now;
  bot.errorBoundary(
    onError,
    welcomeFeature(deps.engine),
    sourcesFeature(deps.engine),
    faqFeature(deps.engine),
    subscriptionsFeature(deps.store, now),
    ...(deps.publisher ? [adminFeature({ adminIds: deps.config.ADMIN_IDS, publisher: deps.publisher, jobs: deps.jobs ?? new BackgroundJobs(), ...(deps.reloadKnowledge ? { reloadKnowledge: deps.reloadKnowledge } : {}) })] : []),
    ...(deps.review
      ? [reviewFeature({ adminIds: deps.config.ADMIN_IDS, engine: deps.engine, ...deps.review, ...(deps.reloadKnowledge ? { reloadKnowledge: deps.reloadKnowledge } : {}), now })]
      : []),
    ...(deps.questionLog ? [feedbackFeature(deps.engine, deps.questionLog)] : []),
    inlineFeature(deps.engine, deps.questionLog),
    questionsFeature(deps.engine, flood, deps.typingDelayMs ?? 300, deps.conversations, deps.questionLog),
    fallbackFeature(),
  );
  bot.catch(onError);
  return bot;
}
