/**
 * In-process harness for the bot's handlers, following grammY's own testing
 * pattern: the real createBot(), a known botInfo (no getMe), and an API
 * transformer that records every call and answers it with a Telegram-shaped
 * result, so nothing ever leaves the process. Updates are hand-built and fed
 * with bot.handleUpdate().
 */
import { autoEntities, DEFAULT_BOT_INFO } from "../support/fake-bot-api.ts";
import { resolve } from "node:path";
import type { Bot } from "grammy";
import type { Message, Update, User, UserFromGetMe } from "grammy/types";
import { createBot, type BotDeps } from "../../src/bot/create-bot.ts";
import type { BotContext } from "../../src/bot/context.ts";
import { createEngine, type Engine } from "../../src/engine/engine.ts";
import { loadKnowledge } from "../../src/engine/knowledge/load.ts";
import { createLogger, type Logger } from "../../src/logger.ts";
import { SqliteStore } from "../../src/store/sqlite-store.ts";

export const TOKEN = "123456:ABCdefGHIjklMNOpqrSTUvwxYZ0123456789";
export const BOT_INFO: UserFromGetMe = DEFAULT_BOT_INFO;
export const BOT_ID = BOT_INFO.id;
export const BOT_USERNAME = BOT_INFO.username;

let engineCache: Engine | undefined;
/** The real engine over ./knowledge, built once per test file. */
export function testEngine(): Engine {
  engineCache ??= createEngine(loadKnowledge(resolve(import.meta.dirname, "../../knowledge")));
  return engineCache;
}

// ---------------------------------------------------------------------------
// Logger writing to memory
// ---------------------------------------------------------------------------

export interface MemoryLogger {
  logger: Logger;
  /** Raw lines as written by pino (after secret scrubbing). */
  raw: string[];
  /** Parsed JSON lines. */
  records(): Array<Record<string, unknown>>;
  /** Records whose msg contains `text`. */
  find(text: string): Array<Record<string, unknown>>;
}

export function memoryLogger(options: { level?: string; secrets?: string[] } = {}): MemoryLogger {
  const raw: string[] = [];
  const logger = createLogger({
    level: options.level ?? "debug",
    secrets: options.secrets ?? [TOKEN],
    destination: { write: (line: string) => void raw.push(line) },
  });
  const records = () => raw.flatMap((chunk) => chunk.split("\n").filter((l) => l.trim() !== "").map((l) => JSON.parse(l) as Record<string, unknown>));
  return { logger, raw, records, find: (text) => records().filter((r) => String(r["msg"] ?? "").includes(text)) };
}

// ---------------------------------------------------------------------------
// Recording API
// ---------------------------------------------------------------------------

export interface ApiCall {
  method: string;
  payload: Record<string, unknown>;
}

/** Decides what a call answers: a result (default: fakeResultFor), or throw to simulate a failure. */
export type Responder = (method: string, payload: Record<string, unknown>) => unknown;

let messageCounter = 1000;

/** A plausible Telegram result for a method: a Message for sending/editing methods, true otherwise. */
export function fakeResultFor(method: string, payload: Record<string, unknown>): unknown {
  if (method === "sendMessage" || method === "editMessageText") {
    const chatId = Number(payload["chat_id"] ?? 0);
    const messageId = method === "editMessageText" ? Number(payload["message_id"] ?? 0) : ++messageCounter;
    return {
      message_id: messageId,
      date: Math.floor(Date.now() / 1000),
      chat: chatId > 0 ? { id: chatId, type: "private", first_name: "User" } : { id: chatId, type: "supergroup", title: "Groupe" },
      from: { id: BOT_ID, is_bot: true, first_name: BOT_INFO.first_name, username: BOT_USERNAME },
      text: String(payload["text"] ?? ""),
    };
  }
  if (method === "getMe") return BOT_INFO;
  return true;
}

export interface TestBot {
  bot: Bot<BotContext>;
  calls: ApiCall[];
  log: MemoryLogger;
  /** Feeds one update to the bot. */
  handle(update: Update): Promise<void>;
  /** Payloads of the calls of one method, in order. */
  callsOf(method: string): Array<Record<string, unknown>>;
  /** The sendMessage payloads. */
  messages(): Array<Record<string, unknown>>;
  /** Forgets the recorded calls (not the logs). */
  reset(): void;
}

export interface TestBotOptions {
  now?: () => number;
  responder?: Responder;
  engine?: Engine;
  floodLimit?: number;
  floodWindowSeconds?: number;
  /** Extra or replaced dependencies (store, publisher…). */
  deps?: Partial<BotDeps>;
}

export function createTestBot(options: TestBotOptions = {}): TestBot {
  const log = memoryLogger();
  const calls: ApiCall[] = [];
  const bot = createBot({
    config: {
      BOT_TOKEN: TOKEN,
      BOT_API_ROOT: "http://127.0.0.1:9", // never reached: the transformer below answers everything
      FLOOD_LIMIT: options.floodLimit ?? 10,
      FLOOD_WINDOW_SECONDS: options.floodWindowSeconds ?? 30,
      ADMIN_IDS: [],
    },
    logger: log.logger,
    engine: options.engine ?? testEngine(),
    store: new SqliteStore(":memory:"),
    botInfo: BOT_INFO,
    autoRetry: false,
    ...(options.now ? { now: options.now } : {}),
    ...options.deps,
  });
  const respond = options.responder ?? fakeResultFor;
  bot.api.config.use((_prev, method, payload) => {
    const p = { ...(payload as Record<string, unknown>) };
    calls.push({ method, payload: p });
    try {
      const result = respond(method, p);
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      return Promise.resolve({ ok: true, result } as any);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
  const callsOf = (method: string) => calls.filter((c) => c.method === method).map((c) => c.payload);
  return {
    bot,
    calls,
    log,
    handle: (update) => bot.handleUpdate(update),
    callsOf,
    messages: () => callsOf("sendMessage"),
    reset: () => void calls.splice(0),
  };
}

// ---------------------------------------------------------------------------
// Update builders
// ---------------------------------------------------------------------------

let updateId = 100;
let userMessageId = 500;
const nowSeconds = () => Math.floor(Date.now() / 1000);

export const PRIVATE_CHAT_ID = 4242;
export const GROUP_CHAT_ID = -100777;

export function user(id: number, extra: Partial<User> = {}): User {
  return { id, is_bot: false, first_name: `Utilisateur ${id}`, language_code: "fr", ...extra };
}

/** bot_command at the start and @mentions, as Telegram would detect them (the fake Bot API's own rule). */
export const detectEntities = autoEntities;

export interface MessageOptions {
  chatId?: number;
  from?: User;
  /** The message replied to (e.g. one of the bot's messages). */
  replyTo?: Partial<Message>;
  messageId?: number;
}

function chatFor(chatId: number, from: User): Message["chat"] {
  return chatId > 0
    ? { id: chatId, type: "private", first_name: from.first_name }
    : { id: chatId, type: "supergroup", title: "Groupe de test" };
}

function baseMessage(options: MessageOptions): Message {
  const chatId = options.chatId ?? PRIVATE_CHAT_ID;
  const from = options.from ?? user(chatId > 0 ? chatId : 1001);
  const message = {
    message_id: options.messageId ?? ++userMessageId,
    date: nowSeconds(),
    chat: chatFor(chatId, from),
    from,
  } as Message;
  if (options.replyTo) (message as unknown as Record<string, unknown>)["reply_to_message"] = options.replyTo;
  return message;
}

export function textUpdate(text: string, options: MessageOptions = {}): Update {
  const message = { ...baseMessage(options), text } as Message;
  const entities = detectEntities(text);
  if (entities.length > 0) message.entities = entities;
  return { update_id: ++updateId, message } as Update;
}

export function groupTextUpdate(text: string, options: Omit<MessageOptions, "chatId"> & { chatId?: number } = {}): Update {
  return textUpdate(text, { ...options, chatId: options.chatId ?? GROUP_CHAT_ID, from: options.from ?? user(1001) });
}

/** A message of the bot itself, as it appears in reply_to_message. */
export function botMessage(chatId: number, text = "Réponse du bot"): Partial<Message> {
  return {
    message_id: 77,
    date: nowSeconds(),
    chat: chatFor(chatId, user(1001)),
    from: { id: BOT_ID, is_bot: true, first_name: BOT_INFO.first_name, username: BOT_USERNAME },
    text,
  } as Partial<Message>;
}

export type MediaKind = "sticker" | "photo" | "voice" | "location";

export function mediaUpdate(kind: MediaKind, options: MessageOptions = {}): Update {
  const file = { file_id: "FILE", file_unique_id: "UNIQUE" };
  const content: Record<MediaKind, Record<string, unknown>> = {
    sticker: { sticker: { ...file, type: "regular", width: 512, height: 512, is_animated: false, is_video: false } },
    photo: { photo: [{ ...file, width: 800, height: 600 }] },
    voice: { voice: { ...file, duration: 3 } },
    location: { location: { latitude: 12.6392, longitude: -8.0029 } },
  };
  return { update_id: ++updateId, message: { ...baseMessage(options), ...content[kind] } as Message } as Update;
}

export function editedTextUpdate(text: string, options: MessageOptions = {}): Update {
  const message = { ...baseMessage(options), text, edit_date: nowSeconds() } as Message;
  return { update_id: ++updateId, edited_message: message } as Update;
}

let callbackCounter = 0;
export function callbackUpdate(data: string, options: { chatId?: number; from?: User; messageId?: number } = {}): Update {
  const chatId = options.chatId ?? PRIVATE_CHAT_ID;
  const from = options.from ?? user(chatId > 0 ? chatId : 1001);
  const message = { ...botMessage(chatId), message_id: options.messageId ?? 77 } as Message;
  return {
    update_id: ++updateId,
    callback_query: { id: `cbq-${++callbackCounter}`, from, message, chat_instance: "42", data },
  } as Update;
}

// ---------------------------------------------------------------------------
// Reading calls
// ---------------------------------------------------------------------------

export interface Button {
  text: string;
  callback_data?: string;
  url?: string;
}

/** The inline buttons of a sendMessage/editMessageText payload, flattened ([] when none). */
export function inlineButtons(payload: Record<string, unknown> | undefined): Button[] {
  const markup = payload?.["reply_markup"] as { inline_keyboard?: Button[][] } | undefined;
  return markup?.inline_keyboard?.flat() ?? [];
}

export function textOf(payload: Record<string, unknown> | undefined): string {
  return String(payload?.["text"] ?? "");
}
