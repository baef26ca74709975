import type { Context } from "grammy";
import type { Engine } from "../engine/engine.ts";
import type { Logger } from "../logger.ts";

/** The context every handler sees: grammY's, plus a logger bound to the update. */
export interface BotContext extends Context {
  logger: Logger;
  /** Filled by the question handler so the update's log line says what matched. */
  answerLog?: { status: string; score: number; match?: string };
}

export type { Engine };
