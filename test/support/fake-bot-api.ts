/**
 * A fake Telegram Bot API server for tests (node:http only, listens on
 * 127.0.0.1 on a free port).
 *
 * Point grammY at it with `new Bot(token, { client: { apiRoot: fake.apiRoot } })`.
 * It implements real long polling for `getUpdates`, the usual sending and
 * editing methods with Telegram-shaped answers and errors, fault injection,
 * rate limiting, and records every call so tests can assert on them.
 */
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type {
  BotCommand,
  Chat,
  ChatFullInfo,
  ChatMemberAdministrator,
  ChatMemberMember,
  Message,
  MessageEntity,
  Update,
  User,
  UserFromGetMe,
} from "grammy/types";

// ---------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------

export interface FakeBotApiOptions {
  /** Only `/bot<token>/<method>` is accepted; another token gets 401 Unauthorized. */
  token: string;
  /** Returned by getMe, merged over sensible defaults (id 999, username "visite_bot"…). */
  botInfo?: Partial<UserFromGetMe>;
  /**
   * If set, sending methods (sendMessage, editMessageText, copyMessage,
   * sendPhoto…) beyond the limit in a sliding 1 s window get
   * 429 "Too Many Requests: retry after 1" with parameters.retry_after = 1.
   */
  rateLimit?: { perSecond: number; perChatPerSecond?: number };
}

export interface RecordedCall {
  /** Canonical method name, e.g. "sendMessage" (Telegram method names are case-insensitive). */
  method: string;
  /** Parameters, merged from query string and body (JSON, urlencoded or multipart). */
  payload: Record<string, unknown>;
  /** Date.now() when the request arrived. */
  at: number;
  /** The whole JSON body sent back, e.g. `{ ok: true, result: … }`; undefined for a dropped connection. */
  response: unknown;
}

export type Fault =
  /** Telegram-shaped error JSON with HTTP status = code; retryAfter -> parameters.retry_after. */
  | { kind: "error"; code: number; description: string; retryAfter?: number; migrateToChatId?: number }
  /** Close the connection as soon as the request's headers arrive, before any "100 Continue": nothing was received. */
  | { kind: "reset" }
  /** Read the request, then close without acting on it or answering (a request lost on the way). */
  | { kind: "drop" }
  /** Act on the request (a message is delivered and recorded), then close without answering: the answer is lost. */
  | { kind: "drop-response" }
  /** Hold the request without a word (no "100 Continue", no answer) for `ms`, then close it; it is never acted on. */
  | { kind: "hang"; ms?: number }
  /** Wait `ms` before accepting the request (before "100 Continue"), then handle it normally if the client is still there. */
  | { kind: "delay"; ms: number }
  /** Act on the request at once, but answer only after `ms` (even if the client has gone, the message was delivered). */
  | { kind: "slow-response"; ms: number };

/**
 * A network or server outage for a while: every request meets it.
 * - refuse: nothing listens (connection refused), open connections are cut;
 * - reset: every connection is closed as soon as a request arrives;
 * - hang: requests are held without a word until the outage ends (a silent network), then cut;
 * - 429: sending methods are refused with 429 and retry_after;
 * - 500: every method answers 500 Internal Server Error.
 */
export type OutageKind = "refuse" | "reset" | "hang" | "429" | "500";

/** What a multipart file part is recorded as in `payload`. */
export interface UploadedFile {
  filename: string;
  contentType: string | undefined;
  size: number;
}

export interface SendTextOptions {
  chatId: number;
  text: string;
  /** Defaults to chatId in a private chat, else 1001. */
  fromId?: number;
  /** Defaults to "private" for a positive chatId, else "supergroup". */
  chatType?: "private" | "group" | "supergroup";
  /** Adds reply_to_message = the last message the bot sent to that chat (or a stub). */
  replyToBotMessage?: boolean;
  /** If given, used as-is; otherwise bot_command and mention entities are detected. */
  entities?: MessageEntity[];
  /** Optional from.language_code. */
  languageCode?: string;
}

export interface PressButtonOptions {
  chatId: number;
  /** Defaults to chatId when positive, else 1001. */
  fromId?: number;
  data: string;
  /** The message carrying the button; defaults to the last message the bot sent to that chat. */
  messageId?: number;
  /** Optional from.language_code. */
  languageCode?: string;
}

export interface FakeBotApi {
  /** e.g. "http://127.0.0.1:PORT" (grammY appends /bot<token>/<method>). */
  readonly apiRoot: string;
  readonly port: number;
  /** The resolved getMe answer (handy for `new Bot(token, { botInfo })`). */
  readonly botInfo: UserFromGetMe;
  /** Every successfully answered method call, in answer order. */
  readonly calls: RecordedCall[];
  /** Every method call, including failed ones (injected faults and Telegram-like errors carry `fault`). */
  readonly allCalls: Array<RecordedCall & { fault?: Fault }>;
  /** errors counts every error answer except the 429s, which are counted in tooManyRequests. */
  readonly stats: { tooManyRequests: number; dropped: number; errors: number };
  /** Highest offset a getUpdates was called with (0 if none). */
  readonly acknowledgedOffset: number;
  /** Assigns an increasing update_id if absent; wakes any pending long poll. */
  pushUpdate(update: Omit<Update, "update_id"> & { update_id?: number }): Update;
  sendText(opts: SendTextOptions): Update;
  pressButton(opts: PressButtonOptions): Update;
  /** An inline query ("@bot question" typed in any chat); its answer is checked like Telegram checks it. */
  sendInlineQuery(opts: { fromId: number; query: string; languageCode?: string }): Update;
  /** The next `times` (default 1) calls of that method ("*" = any method) fail that way. */
  injectFault(method: string, fault: Fault, times?: number): void;
  /** From now on, each call of that method meets the fault with this probability (`random` in [0, 1): a seeded PRNG keeps runs repeatable). */
  faultRate(method: string, fault: Fault, probability: number, random: () => number): void;
  /** An outage of that kind for `ms`; resolves when it is over (and, for "refuse", the port listens again). */
  outage(kind: OutageKind, ms: number): Promise<void>;
  /** Messages delivered (sendMessage acted on), per chat, whether or not their answer reached the client. */
  deliveredTo(chatId: number): RecordedCall[];
  /** All sends to that chat answer 400 "group chat was upgraded to a supergroup chat" with parameters.migrate_to_chat_id. */
  migrateChat(oldChatId: number, newChatId: number): void;
  /** All sends to that chat answer 403 "Forbidden: bot was blocked by the user". */
  blockChat(chatId: number, description?: string): void;
  /** Every method addressed to that chat answers 400 "Bad Request: chat not found". */
  setChatNotFound(chatId: number): void;
  setChatAdmins(chatId: number, userIds: number[]): void;
  /** Successful sendMessage/editMessageText calls to that chat. */
  messagesTo(chatId: number): RecordedCall[];
  /** Resolves when predicate(calls) is true (checked now and on each new call); rejects after timeoutMs (default 5000). */
  waitFor(predicate: (calls: RecordedCall[]) => boolean, timeoutMs?: number): Promise<void>;
  /** TCP connections clients have opened so far (a client that keeps its connection alive opens one). */
  readonly connectionsOpened: number;
  /** Ends pending long polls (answered with an empty result), closes the server and all sockets. */
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------
// Internals
// ---------------------------------------------------------------------------

type Json = Record<string, unknown>;

class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
    readonly retryAfter?: number,
    readonly migrateToChatId?: number,
  ) {
    super(description);
  }
}

/** The bot's identity (getMe) unless a test gives another; handler tests use the same one (test/bot/helpers.ts). */
export const DEFAULT_BOT_INFO = {
  id: 999,
  is_bot: true,
  first_name: "Bot Visite",
  username: "visite_bot",
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
  can_manage_bots: false,
  supports_join_request_queries: false,
} as UserFromGetMe;

const badRequest = (what: string): ApiError => new ApiError(400, `Bad Request: ${what}`);

const NOT_MODIFIED =
  "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message";

/** Methods subject to rateLimit and to blockChat. */
const SENDING_METHODS = new Set([
  "sendMessage",
  "editMessageText",
  "editMessageCaption",
  "editMessageMedia",
  "editMessageReplyMarkup",
  "copyMessage",
  "copyMessages",
  "forwardMessage",
  "forwardMessages",
  "sendPhoto",
  "sendDocument",
  "sendVideo",
  "sendAudio",
  "sendVoice",
  "sendAnimation",
  "sendVideoNote",
  "sendSticker",
  "sendMediaGroup",
  "sendLocation",
  "sendContact",
  "sendPoll",
  "sendDice",
]);

/** Methods that answer 403 for a blocked chat (sending methods plus sendChatAction). */
const BLOCKABLE_METHODS = new Set([...SENDING_METHODS, "sendChatAction"]);

const MEDIA_FIELDS: Record<string, string> = {
  sendPhoto: "photo",
  sendDocument: "document",
  sendVideo: "video",
  sendAudio: "audio",
  sendVoice: "voice",
  sendAnimation: "animation",
  sendVideoNote: "video_note",
  sendSticker: "sticker",
};

// Coercion of string parameters (query string, urlencoded, multipart).
const NUMBER_KEYS = new Set([
  "chat_id",
  "from_chat_id",
  "message_id",
  "user_id",
  "offset",
  "limit",
  "timeout",
  "reply_to_message_id",
  "message_thread_id",
  "direct_messages_topic_id",
  "cache_time",
  "until_date",
  "duration",
  "width",
  "height",
  "latitude",
  "longitude",
  "max_connections",
]);
const BOOLEAN_KEY = /^(disable_|protect_|show_|drop_|is_|allow_|can_|has_|only_|revoke_|need_|send_|supports_|for_)/;
const JSON_KEYS = new Set([
  "reply_markup",
  "entities",
  "caption_entities",
  "allowed_updates",
  "link_preview_options",
  "reply_parameters",
  "commands",
  "scope",
  "media",
  "results",
  "options",
  "message_ids",
  "reaction",
  "menu_button",
  "rights",
  "button",
  "permissions",
  "prices",
]);

function coerce(key: string, value: string): unknown {
  if (NUMBER_KEYS.has(key) && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  if (BOOLEAN_KEY.test(key) && (value === "true" || value === "false")) return value === "true";
  if (JSON_KEYS.has(key)) {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      return value;
    }
  }
  return value;
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function headerParam(header: string, name: string): string | undefined {
  const m = new RegExp(`(?:^|;)\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;]*))`, "i").exec(header);
  if (!m) return undefined;
  return (m[1] ?? m[2] ?? "").trim();
}

/** Minimal multipart/form-data parser: text fields become strings, file parts become UploadedFile. */
function parseMultipart(body: Buffer, boundary: string): { fields: Record<string, string>; files: Record<string, UploadedFile> } {
  const fields: Record<string, string> = {};
  const files: Record<string, UploadedFile> = {};
  const raw = body.toString("latin1"); // byte-preserving
  const segments = raw.split(`--${boundary}`);
  for (const segment of segments.slice(1)) {
    if (segment.startsWith("--")) break;
    const part = segment.startsWith("\r\n") ? segment.slice(2) : segment;
    const headerEnd = part.indexOf("\r\n\r\n");
    if (headerEnd < 0) continue;
    let content = part.slice(headerEnd + 4);
    if (content.endsWith("\r\n")) content = content.slice(0, -2);
    let disposition = "";
    let contentType: string | undefined;
    for (const line of part.slice(0, headerEnd).split("\r\n")) {
      const colon = line.indexOf(":");
      if (colon < 0) continue;
      const key = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (key === "content-disposition") disposition = value;
      else if (key === "content-type") contentType = value;
    }
    const name = headerParam(disposition, "name");
    if (name === undefined) continue;
    const filename = headerParam(disposition, "filename");
    if (filename !== undefined) {
      files[name] = { filename: Buffer.from(filename, "latin1").toString("utf8"), contentType, size: Buffer.byteLength(content, "latin1") };
    } else {
      fields[name] = Buffer.from(content, "latin1").toString("utf8");
    }
  }
  return { fields, files };
}

async function readPayload(req: http.IncomingMessage, url: URL): Promise<Json> {
  const payload: Json = {};
  for (const [key, value] of url.searchParams) payload[key] = coerce(key, value);
  const body = await readBody(req);
  const contentType = (req.headers["content-type"] ?? "").toLowerCase();
  if (body.length === 0) return payload;
  if (contentType.startsWith("application/json")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString("utf8"));
    } catch {
      throw badRequest("can't parse JSON encoded request body");
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      throw badRequest("JSON body must be an object");
    }
    Object.assign(payload, parsed);
  } else if (contentType.startsWith("multipart/form-data")) {
    const boundary = headerParam(req.headers["content-type"] ?? "", "boundary");
    if (!boundary) throw badRequest("multipart boundary is missing");
    const { fields, files } = parseMultipart(body, boundary);
    for (const [key, value] of Object.entries(fields)) {
      const attach = /^attach:\/\/(.+)$/.exec(value);
      const file = attach?.[1] !== undefined ? files[attach[1]] : undefined;
      payload[key] = file ?? coerce(key, value);
    }
    for (const [key, file] of Object.entries(files)) {
      if (!(key in payload)) payload[key] = file;
    }
  } else {
    // application/x-www-form-urlencoded (or anything else: try it as such)
    for (const [key, value] of new URLSearchParams(body.toString("utf8"))) payload[key] = coerce(key, value);
  }
  return payload;
}

// --- HTML parse_mode --------------------------------------------------------

const HTML_TAGS = new Set([
  "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre",
  "blockquote", "tg-spoiler", "span", "tg-emoji", "tg-time",
]);

const ENTITY_TYPES: Record<string, string> = {
  b: "bold",
  strong: "bold",
  i: "italic",
  em: "italic",
  u: "underline",
  ins: "underline",
  s: "strikethrough",
  strike: "strikethrough",
  del: "strikethrough",
  "tg-spoiler": "spoiler",
  span: "spoiler",
  code: "code",
  pre: "pre",
};

interface OpenTag {
  tag: string;
  offset: number;
  attrs: Record<string, string>;
  language?: string;
}

function decodeHtmlEntity(src: string, i: number): { text: string; length: number } {
  const m = /^&(lt|gt|amp|quot|#\d{1,7}|#x[0-9a-f]{1,6});/i.exec(src.slice(i, i + 12));
  if (!m?.[1]) return { text: "&", length: 1 };
  const name = m[1].toLowerCase();
  const named: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"' };
  let text = named[name];
  if (text === undefined) {
    const code = name.startsWith("#x") ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    text = code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : "";
  }
  return { text, length: m[0].length };
}

const isSpace = (c: string | undefined): boolean => c === " " || c === "\t" || c === "\n" || c === "\r";

/**
 * A light version of Telegram's HTML parser: supported tags, attributes,
 * tag stack, &-entities. Returns the plain text and its entities, or throws
 * 400 "Bad Request: can't parse entities: …" with Telegram's wording.
 */
export function parseTelegramHtml(src: string): { text: string; entities: MessageEntity[] } {
  const fail = (what: string): never => {
    throw badRequest(`can't parse entities: ${what}`);
  };
  const byteOffset = (i: number): number => Buffer.byteLength(src.slice(0, i), "utf8");
  let out = "";
  const entities: MessageEntity[] = [];
  const stack: OpenTag[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === "&") {
      const { text, length } = decodeHtmlEntity(src, i);
      out += text;
      i += length;
      continue;
    }
    if (c !== "<") {
      out += c;
      i += 1;
      continue;
    }
    const start = i;
    if (src[i + 1] === "/") {
      // end tag
      let j = i + 2;
      let name = "";
      while (j < src.length && !isSpace(src[j]) && src[j] !== ">") name += src[j++];
      while (isSpace(src[j])) j++;
      if (src[j] !== ">") fail(`Unclosed end tag at byte offset ${byteOffset(start)}`);
      const open = stack.pop();
      if (!open) return fail(`Unexpected end tag at byte offset ${byteOffset(start)}`);
      if (name.toLowerCase() !== open.tag) {
        fail(`Unmatched end tag at byte offset ${byteOffset(start)}, expected "</${open.tag}>", found "</${name}>"`);
      }
      i = j + 1;
      const length = out.length - open.offset;
      const parentPre = stack[stack.length - 1]?.tag === "pre" ? stack[stack.length - 1] : undefined;
      if (open.tag === "code" && parentPre) {
        const language = /^language-(.+)$/.exec(open.attrs["class"] ?? "")?.[1];
        if (language !== undefined) parentPre.language = language;
        continue;
      }
      if (length === 0) continue;
      const base = { offset: open.offset, length };
      if (open.tag === "a") {
        const href = open.attrs["href"];
        if (href) entities.push({ type: "text_link", url: href, ...base });
      } else if (open.tag === "blockquote") {
        entities.push({ type: "expandable" in open.attrs ? "expandable_blockquote" : "blockquote", ...base });
      } else if (open.tag === "tg-emoji") {
        entities.push({ type: "custom_emoji", custom_emoji_id: open.attrs["emoji-id"] ?? "", ...base });
      } else if (open.tag === "tg-time") {
        entities.push({ type: "date_time", unix_time: Number(open.attrs["unix"] ?? 0), ...base } as MessageEntity);
      } else if (open.tag === "pre") {
        entities.push(open.language !== undefined ? { type: "pre", language: open.language, ...base } : { type: "pre", ...base });
      } else {
        const type = ENTITY_TYPES[open.tag];
        if (type) entities.push({ type, ...base } as MessageEntity);
      }
      continue;
    }
    // start tag
    let j = i + 1;
    let name = "";
    while (j < src.length && !isSpace(src[j]) && src[j] !== ">") name += src[j++];
    if (name.endsWith("/")) name = name.slice(0, -1);
    const tag = name.toLowerCase();
    if (!HTML_TAGS.has(tag)) fail(`Unsupported start tag "${name}" at byte offset ${byteOffset(start)}`);
    const attrs: Record<string, string> = {};
    for (;;) {
      while (isSpace(src[j])) j++;
      if (j >= src.length) fail(`Unclosed start tag at byte offset ${byteOffset(start)}`);
      if (src[j] === ">") break;
      let attr = "";
      while (j < src.length && /[A-Za-z0-9_-]/.test(src[j] ?? "")) attr += src[j++];
      if (attr === "") fail(`Empty attribute name in the tag "${tag}" at byte offset ${byteOffset(start)}`);
      while (isSpace(src[j])) j++;
      let value = "";
      if (src[j] === "=") {
        j++;
        while (isSpace(src[j])) j++;
        const quote = src[j];
        if (quote === '"' || quote === "'") {
          const end = src.indexOf(quote, j + 1);
          if (end < 0) fail(`Unclosed start tag at byte offset ${byteOffset(start)}`);
          value = src.slice(j + 1, end);
          j = end + 1;
        } else {
          while (j < src.length && !isSpace(src[j]) && src[j] !== ">") value += src[j++];
        }
        // decode &-entities in attribute values
        let decoded = "";
        for (let k = 0; k < value.length; ) {
          if (value[k] === "&") {
            const { text, length } = decodeHtmlEntity(value, k);
            decoded += text;
            k += length;
          } else decoded += value[k++];
        }
        value = decoded;
      }
      attrs[attr.toLowerCase()] = value;
    }
    if (tag === "span" && attrs["class"] !== "tg-spoiler") {
      fail(`Tag "span" must have class "tg-spoiler" at byte offset ${byteOffset(start)}`);
    }
    i = j + 1;
    stack.push({ tag, offset: out.length, attrs });
  }
  const unclosed = stack[stack.length - 1];
  if (unclosed) fail(`Can't find end tag corresponding to start tag "${unclosed.tag}"`);
  entities.sort((a, b) => a.offset - b.offset || b.length - a.length);
  return { text: out, entities };
}

/** bot_command at the start and @mentions, as Telegram detects them in a user's text. */
export function autoEntities(text: string): MessageEntity[] {
  const entities: MessageEntity[] = [];
  let commandEnd = 0;
  const command = /^\/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?/.exec(text);
  if (command) {
    entities.push({ type: "bot_command", offset: 0, length: command[0].length });
    commandEnd = command[0].length;
  }
  const mention = /@[A-Za-z0-9_]{3,32}/g;
  for (let m = mention.exec(text); m; m = mention.exec(text)) {
    if (m.index < commandEnd) continue;
    const before = m.index > 0 ? text[m.index - 1] ?? "" : "";
    if (/[A-Za-z0-9_@/]/.test(before)) continue;
    entities.push({ type: "mention", offset: m.index, length: m[0].length });
  }
  return entities;
}

function isInlineKeyboard(markup: unknown): markup is Json {
  return typeof markup === "object" && markup !== null && Array.isArray((markup as Json)["inline_keyboard"]);
}

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

interface PendingPoll {
  res: http.ServerResponse;
  payload: Json;
  at: number;
  offset: number;
  limit: number;
  timer: NodeJS.Timeout | undefined;
  wake: NodeJS.Immediate | undefined;
  done: boolean;
}

interface Waiter {
  predicate: (calls: RecordedCall[]) => boolean;
  resolve: () => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

type Handler = (payload: Json) => unknown;

// ---------------------------------------------------------------------------
// Server
// ---------------------------------------------------------------------------

class FakeBotApiServer implements FakeBotApi {
  readonly calls: RecordedCall[] = [];
  readonly allCalls: Array<RecordedCall & { fault?: Fault }> = [];
  readonly stats = { tooManyRequests: 0, dropped: 0, errors: 0 };
  readonly botInfo: UserFromGetMe;
  acknowledgedOffset = 0;
  port = 0;

  private readonly server: http.Server;
  private readonly sockets = new Set<Socket>();
  connectionsOpened = 0;
  private readonly handlers = new Map<string, { name: string; fn: Handler }>();
  private readonly faults: Array<{ method: string; fault: Fault; remaining: number }> = [];
  private currentOutage: OutageKind | undefined;
  private readonly rateFaults: Array<{ method: string; fault: Fault; probability: number; random: () => number }> = [];
  private readonly held = new Set<Socket>();
  private readonly waiters = new Set<Waiter>();
  private readonly updates: Update[] = [];
  private lastUpdateId = 0;
  private poll: PendingPoll | undefined;
  private webhookUrl = "";
  private closing: Promise<void> | undefined;

  // chats and messages
  private readonly chats = new Map<number, Chat>();
  private readonly blocked = new Map<string, string>();
  private readonly migrated = new Map<string, number>();
  private readonly notFound = new Set<string>();
  private readonly admins = new Map<number, number[]>();
  private readonly messages = new Map<string, Json>();
  private readonly deleted = new Set<string>();
  private readonly messageCounters = new Map<number, number>();
  private readonly lastBotMessage = new Map<number, number>();
  private readonly callbackQueries = new Map<string, boolean>(); // id -> answered
  private readonly inlineQueries = new Map<string, { answered: boolean }>();
  private inlineCounter = 0;
  private callbackCounter = 0;
  private fileCounter = 0;
  private readonly commands = new Map<string, BotCommand[]>();

  // rate limiting (monotonic ms timestamps of accepted sending calls)
  private readonly sendTimes: number[] = [];
  private readonly chatSendTimes = new Map<string, number[]>();

  constructor(private readonly options: FakeBotApiOptions) {
    this.botInfo = { ...DEFAULT_BOT_INFO, ...options.botInfo } as UserFromGetMe;
    const entry = (req: http.IncomingMessage, res: http.ServerResponse, expectsContinue: boolean) => {
      this.onRequest(req, res, expectsContinue).catch((error: unknown) => {
        if (!res.headersSent && !res.destroyed) {
          this.writeJson(res, 500, { ok: false, error_code: 500, description: `Internal Server Error: ${String(error)}` });
        }
      });
    };
    this.server = http.createServer((req, res) => entry(req, res, false));
    // "Expect: 100-continue": like Telegram's front end, the body is asked for only once the request is accepted.
    this.server.on("checkContinue", (req, res) => entry(req, res, true));
    // Telegram's front end keeps a connection open between calls (nginx's default: 75 s), and clients reuse it.
    // (Node's agent lets a socket go a second before the timeout the server advertises: at 1 s, as this fake had
    // it, every call opened a connection of its own, and bench:bot measured the bot and its peer connecting.)
    this.server.keepAliveTimeout = 75_000;
    this.server.on("connection", (socket: Socket) => {
      this.connectionsOpened++;
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
    this.registerHandlers();
  }

  get apiRoot(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(0, "127.0.0.1", () => {
        this.server.off("error", reject);
        this.port = (this.server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  // --- public helpers --------------------------------------------------------

  pushUpdate(update: Omit<Update, "update_id"> & { update_id?: number }): Update {
    const id = update.update_id ?? this.lastUpdateId + 1;
    this.lastUpdateId = Math.max(this.lastUpdateId, id);
    const full = { ...update, update_id: id } as Update;
    const cq = full.callback_query;
    if (cq && !this.callbackQueries.has(cq.id)) this.callbackQueries.set(cq.id, false);
    const index = this.updates.findIndex((u) => u.update_id > id);
    if (index < 0) this.updates.push(full);
    else this.updates.splice(index, 0, full);
    this.wakePoll();
    return full;
  }

  sendText(opts: SendTextOptions): Update {
    const chatType = opts.chatType ?? (opts.chatId > 0 ? "private" : "supergroup");
    const fromId = opts.fromId ?? (chatType === "private" ? opts.chatId : 1001);
    const from = this.userFor(fromId, opts.languageCode);
    const chat = this.rememberChat(opts.chatId, chatType, from);
    const entities = opts.entities ?? autoEntities(opts.text);
    const message: Json = {
      message_id: this.nextMessageId(opts.chatId),
      from,
      chat,
      date: nowSeconds(),
      text: opts.text,
    };
    if (entities.length > 0) message["entities"] = entities;
    if (opts.replyToBotMessage) message["reply_to_message"] = this.botMessageOrStub(opts.chatId, undefined);
    this.messages.set(this.key(opts.chatId, message["message_id"] as number), message);
    return this.pushUpdate({ message: message as unknown as NonNullable<Update["message"]> });
  }

  pressButton(opts: PressButtonOptions): Update {
    const known = this.chats.get(opts.chatId);
    const fromId = opts.fromId ?? (opts.chatId > 0 ? opts.chatId : 1001);
    const from = this.userFor(fromId, opts.languageCode);
    if (!known) this.rememberChat(opts.chatId, opts.chatId > 0 ? "private" : "supergroup", from);
    const message = this.botMessageOrStub(opts.chatId, opts.messageId);
    const id = `${this.botInfo.id}${String(++this.callbackCounter).padStart(8, "0")}`;
    return this.pushUpdate({
      callback_query: {
        id,
        from,
        message: message as unknown as Message,
        chat_instance: String(Math.abs(opts.chatId) * 7919 + 13),
        data: opts.data,
      },
    });
  }

  sendInlineQuery(opts: { fromId: number; query: string; languageCode?: string }): Update {
    const id = `${this.botInfo.id}${String(++this.inlineCounter).padStart(9, "0")}`;
    this.inlineQueries.set(id, { answered: false });
    return this.pushUpdate({ inline_query: { id, from: this.userFor(opts.fromId, opts.languageCode), query: opts.query, offset: "" } });
  }

  injectFault(method: string, fault: Fault, times = 1): void {
    if (times > 0) this.faults.push({ method: method === "*" ? "*" : method.toLowerCase(), fault, remaining: times });
  }

  faultRate(method: string, fault: Fault, probability: number, random: () => number): void {
    this.rateFaults.push({ method: method.toLowerCase(), fault, probability, random });
  }

  migrateChat(oldChatId: number, newChatId: number): void {
    this.migrated.set(String(oldChatId), newChatId);
  }

  blockChat(chatId: number, description = "Forbidden: bot was blocked by the user"): void {
    this.blocked.set(String(chatId), description);
  }

  setChatNotFound(chatId: number): void {
    this.notFound.add(String(chatId));
  }

  setChatAdmins(chatId: number, userIds: number[]): void {
    this.admins.set(chatId, [...userIds]);
  }

  messagesTo(chatId: number): RecordedCall[] {
    return this.calls.filter(
      (c) => (c.method === "sendMessage" || c.method === "editMessageText") && String(c.payload["chat_id"]) === String(chatId),
    );
  }

  waitFor(predicate: (calls: RecordedCall[]) => boolean, timeoutMs = 5000): Promise<void> {
    try {
      if (predicate(this.calls)) return Promise.resolve();
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    if (this.closing) return Promise.reject(new Error("waitFor: the fake Bot API is closed"));
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        predicate,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          reject(new Error(`waitFor timed out after ${timeoutMs} ms; recorded calls: ${this.describeCalls()}`));
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  close(): Promise<void> {
    this.closing ??= this.doClose();
    return this.closing;
  }

  // --- request handling ------------------------------------------------------

  private async onRequest(req: http.IncomingMessage, res: http.ServerResponse, expectsContinue: boolean): Promise<void> {
    const at = Date.now();
    if (this.closing) {
      req.socket.destroy();
      return;
    }
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const route = /^\/bot([^/]*)\/([A-Za-z0-9_]+)\/?$/.exec(url.pathname);
    if (!route) {
      req.resume();
      this.writeJson(res, 404, { ok: false, error_code: 404, description: "Not Found" });
      return;
    }
    const [, rawToken = "", rawMethod = ""] = route;
    const handler = this.handlers.get(rawMethod.toLowerCase());
    const method = handler?.name ?? rawMethod;

    // Faults of the connection itself act before the body is accepted.
    const fault = this.outageFault(method) ?? this.takeFault(method);
    if (fault?.kind === "reset") return this.cut(req, method, at, fault);
    if (fault?.kind === "hang") {
      this.hold(req.socket, fault.ms);
      this.allCalls.push({ method, payload: {}, at, response: undefined, fault });
      this.notifyWaiters();
      return;
    }
    if (fault?.kind === "delay") {
      await new Promise((r) => setTimeout(r, fault.ms));
      if (req.socket.destroyed || this.closing) return this.recordUnreceived(method, at, fault);
    }
    if (expectsContinue) res.writeContinue();

    let payload: Json = {};
    try {
      payload = await readPayload(req, url);
    } catch (error) {
      if (error instanceof ApiError) return this.fail(res, method, payload, at, this.errorFault(error));
      throw error;
    }
    if (this.closing) {
      req.socket.destroy();
      return;
    }
    if (safeDecode(rawToken) !== this.options.token) {
      return this.fail(res, method, payload, at, { kind: "error", code: 401, description: "Unauthorized" });
    }
    if (!handler) {
      return this.fail(res, method, payload, at, { kind: "error", code: 404, description: "Not Found: method not found" });
    }
    if (fault?.kind === "error" || fault?.kind === "drop") return this.fail(res, method, payload, at, fault);

    if (SENDING_METHODS.has(method)) {
      const limited = this.checkRateLimit(payload);
      if (limited) return this.fail(res, method, payload, at, limited);
    }
    const chatError = this.checkChat(method, payload);
    if (chatError) return this.fail(res, method, payload, at, this.errorFault(chatError));

    if (method === "getUpdates") return this.getUpdates(res, payload, at);

    let result: unknown;
    try {
      result = handler.fn(payload);
    } catch (error) {
      if (error instanceof ApiError) return this.fail(res, method, payload, at, this.errorFault(error));
      throw error;
    }
    if (fault?.kind === "drop-response") return this.succeedSilently(res, method, payload, at, result, fault);
    if (fault?.kind === "slow-response") {
      this.record(method, payload, at, { ok: true, result });
      setTimeout(() => this.writeJson(res, 200, { ok: true, result }), fault.ms);
      return;
    }
    this.succeed(res, method, payload, at, result);
  }

  /** The fault an outage in progress gives this call, if any. */
  private outageFault(method: string): Fault | undefined {
    switch (this.currentOutage) {
      case "reset":
      case "refuse": // connections opened just before the port closed
        return { kind: "reset" };
      case "hang":
        return { kind: "hang" };
      case "429":
        return SENDING_METHODS.has(method) ? { kind: "error", code: 429, description: "Too Many Requests: retry after 1", retryAfter: 1 } : undefined;
      case "500":
        return { kind: "error", code: 500, description: "Internal Server Error" };
      default:
        return undefined;
    }
  }

  async outage(kind: OutageKind, ms: number): Promise<void> {
    this.currentOutage = kind;
    if (kind === "refuse" || kind === "hang") {
      // What was in progress is cut (refuse) or goes silent (hang), the pending long poll included.
      const poll = this.poll;
      if (poll) this.abandonPoll(poll);
      if (kind === "refuse") {
        const closed = new Promise<void>((r) => this.server.close(() => r()));
        this.server.closeAllConnections();
        for (const socket of this.sockets) socket.destroy();
        await closed;
      } else if (poll) this.hold(poll.res.socket, undefined);
    }
    await new Promise((r) => setTimeout(r, ms));
    this.currentOutage = undefined;
    for (const socket of this.held) socket.destroy();
    this.held.clear();
    if (kind === "refuse" && !this.closing) {
      await new Promise<void>((resolve, reject) => {
        this.server.once("error", reject);
        this.server.listen(this.port, "127.0.0.1", () => {
          this.server.off("error", reject);
          resolve();
        });
      });
    }
  }

  deliveredTo(chatId: number): RecordedCall[] {
    return this.calls.filter((c) => c.method === "sendMessage" && String(c.payload["chat_id"]) === String(chatId));
  }

  private hold(socket: Socket | null | undefined, ms: number | undefined): void {
    if (!socket) return;
    this.held.add(socket);
    socket.once("close", () => this.held.delete(socket));
    if (ms !== undefined) setTimeout(() => socket.destroy(), ms).unref();
  }

  private cut(req: http.IncomingMessage, method: string, at: number, fault: Fault): void {
    this.stats.dropped += 1;
    req.socket.destroy();
    this.allCalls.push({ method, payload: {}, at, response: undefined, fault });
    this.notifyWaiters();
  }

  private recordUnreceived(method: string, at: number, fault: Fault): void {
    this.allCalls.push({ method, payload: {}, at, response: undefined, fault });
    this.notifyWaiters();
  }

  private errorFault(error: ApiError): Fault {
    return {
      kind: "error",
      code: error.code,
      description: error.description,
      ...(error.retryAfter !== undefined ? { retryAfter: error.retryAfter } : {}),
      ...(error.migrateToChatId !== undefined ? { migrateToChatId: error.migrateToChatId } : {}),
    };
  }

  private takeFault(method: string): Fault | undefined {
    const lower = method.toLowerCase();
    const index = this.faults.findIndex((f) => f.method === "*" || f.method === lower);
    const entry = this.faults[index];
    if (!entry) return this.rateFaults.find((f) => (f.method === "*" || f.method === lower) && f.random() < f.probability)?.fault;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.faults.splice(index, 1);
    return entry.fault;
  }

  private checkRateLimit(payload: Json): Fault | undefined {
    const limit = this.options.rateLimit;
    if (!limit) return undefined;
    const now = performance.now();
    const prune = (times: number[]): void => {
      while (times.length > 0 && (times[0] ?? 0) <= now - 1000) times.shift();
    };
    prune(this.sendTimes);
    const chatKey = payload["chat_id"] === undefined ? undefined : String(payload["chat_id"]);
    let chatTimes: number[] | undefined;
    if (chatKey !== undefined) {
      chatTimes = this.chatSendTimes.get(chatKey) ?? [];
      this.chatSendTimes.set(chatKey, chatTimes);
      prune(chatTimes);
    }
    const overGlobal = this.sendTimes.length >= limit.perSecond;
    const overChat = limit.perChatPerSecond !== undefined && chatTimes !== undefined && chatTimes.length >= limit.perChatPerSecond;
    if (overGlobal || overChat) {
      return { kind: "error", code: 429, description: "Too Many Requests: retry after 1", retryAfter: 1 };
    }
    this.sendTimes.push(now);
    chatTimes?.push(now);
    return undefined;
  }

  private checkChat(method: string, payload: Json): ApiError | undefined {
    for (const key of ["chat_id", "from_chat_id"]) {
      const value = payload[key];
      if (value === undefined) continue;
      const id = String(value);
      if (this.notFound.has(id) || (typeof value === "string" && !/^-?\d+$/.test(value))) {
        return badRequest("chat not found");
      }
      const migratedTo = this.migrated.get(id);
      if (key === "chat_id" && migratedTo !== undefined) {
        return new ApiError(400, "Bad Request: group chat was upgraded to a supergroup chat", undefined, migratedTo);
      }
      if (key === "chat_id" && BLOCKABLE_METHODS.has(method)) {
        const description = this.blocked.get(id);
        if (description !== undefined) return new ApiError(403, description);
      }
    }
    return undefined;
  }

  private getUpdates(res: http.ServerResponse, payload: Json, at: number): void {
    // A new getUpdates terminates the pending one, like Telegram.
    const previous = this.poll;
    if (previous) {
      this.finishPoll(previous, {
        kind: "error",
        code: 409,
        description: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
      });
    }
    if (this.webhookUrl !== "") {
      return this.fail(res, "getUpdates", payload, at, {
        kind: "error",
        code: 409,
        description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      });
    }
    const offset = toInt(payload["offset"]) ?? 0;
    if (offset > 0) {
      this.acknowledgedOffset = Math.max(this.acknowledgedOffset, offset);
      while ((this.updates[0]?.update_id ?? Infinity) < offset) this.updates.shift();
    } else if (offset < 0) {
      this.updates.splice(0, Math.max(0, this.updates.length + offset));
    }
    const limit = Math.min(100, Math.max(1, toInt(payload["limit"]) ?? 100));
    const timeout = Math.max(0, toInt(payload["timeout"]) ?? 0);
    const poll: PendingPoll = { res, payload, at, offset, limit, timer: undefined, wake: undefined, done: false };
    const ready = this.readyUpdates(poll);
    if (ready.length > 0 || timeout === 0) {
      poll.done = true;
      this.succeed(res, "getUpdates", payload, at, ready);
      return;
    }
    this.poll = poll;
    poll.timer = setTimeout(() => this.finishPoll(poll, []), timeout * 1000);
    poll.timer.unref();
    res.on("close", () => {
      // client went away (e.g. grammY's bot.stop() aborts the pending request)
      if (!poll.done) this.abandonPoll(poll);
    });
  }

  private readyUpdates(poll: PendingPoll): Update[] {
    return this.updates.filter((u) => u.update_id >= poll.offset).slice(0, poll.limit);
  }

  private wakePoll(): void {
    const poll = this.poll;
    if (!poll || poll.done || poll.wake) return;
    // setImmediate: updates pushed in the same tick are delivered together
    poll.wake = setImmediate(() => {
      poll.wake = undefined;
      if (poll.done) return;
      const ready = this.readyUpdates(poll);
      if (ready.length > 0) this.finishPoll(poll, ready);
    });
  }

  private abandonPoll(poll: PendingPoll): void {
    poll.done = true;
    if (poll.timer) clearTimeout(poll.timer);
    if (poll.wake) clearImmediate(poll.wake);
    if (this.poll === poll) this.poll = undefined;
  }

  private finishPoll(poll: PendingPoll, outcome: Update[] | Fault, onWritten?: () => void): void {
    if (poll.done) return;
    this.abandonPoll(poll);
    if (Array.isArray(outcome)) this.succeed(poll.res, "getUpdates", poll.payload, poll.at, outcome, onWritten);
    else this.fail(poll.res, "getUpdates", poll.payload, poll.at, outcome, onWritten);
  }

  private succeed(res: http.ServerResponse, method: string, payload: Json, at: number, result: unknown, onWritten?: () => void): void {
    const response = { ok: true, result };
    this.writeJson(res, 200, response, onWritten);
    this.record(method, payload, at, response);
  }

  /** Acted on (the message is delivered and recorded), but the answer is lost on the way back. */
  private succeedSilently(res: http.ServerResponse, method: string, payload: Json, at: number, result: unknown, fault: Fault): void {
    this.stats.dropped += 1;
    res.socket?.destroy();
    const call: RecordedCall = { method, payload, at, response: { ok: true, result } };
    this.calls.push(call);
    this.allCalls.push({ ...call, fault });
    this.notifyWaiters();
  }

  private record(method: string, payload: Json, at: number, response: unknown): void {
    const call: RecordedCall = { method, payload, at, response };
    this.calls.push(call);
    this.allCalls.push({ ...call });
    this.notifyWaiters();
  }

  private fail(res: http.ServerResponse, method: string, payload: Json, at: number, fault: Fault, onWritten?: () => void): void {
    let response: unknown;
    if (fault.kind !== "error") {
      this.stats.dropped += 1;
      res.socket?.destroy();
      onWritten?.();
    } else {
      const body: Json = { ok: false, error_code: fault.code, description: fault.description };
      if (fault.retryAfter !== undefined) body["parameters"] = { retry_after: fault.retryAfter };
      if (fault.migrateToChatId !== undefined) body["parameters"] = { migrate_to_chat_id: fault.migrateToChatId };
      response = body;
      if (fault.code === 429) this.stats.tooManyRequests += 1;
      else this.stats.errors += 1;
      this.writeJson(res, fault.code, body, onWritten);
    }
    this.allCalls.push({ method, payload, at, response, fault });
    this.notifyWaiters();
  }

  private writeJson(res: http.ServerResponse, status: number, body: unknown, onWritten?: () => void): void {
    if (res.destroyed || res.writableEnded) {
      onWritten?.();
      return;
    }
    const text = JSON.stringify(body);
    res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
    res.end(text, () => onWritten?.());
  }

  private notifyWaiters(): void {
    for (const waiter of [...this.waiters]) {
      let done: boolean;
      try {
        done = waiter.predicate(this.calls);
      } catch (error) {
        this.waiters.delete(waiter);
        clearTimeout(waiter.timer);
        waiter.reject(error instanceof Error ? error : new Error(String(error)));
        continue;
      }
      if (done) {
        this.waiters.delete(waiter);
        clearTimeout(waiter.timer);
        waiter.resolve();
      }
    }
  }

  private describeCalls(): string {
    if (this.allCalls.length === 0) return "(none)";
    const labels = this.allCalls.map((c) =>
      c.fault ? `${c.method}[${c.fault.kind === "error" ? c.fault.code : c.fault.kind}]` : c.method,
    );
    const parts: string[] = [];
    for (let i = 0; i < labels.length; ) {
      let j = i;
      while (j < labels.length && labels[j] === labels[i]) j++;
      parts.push(j - i > 1 ? `${labels[i]} x${j - i}` : String(labels[i]));
      i = j;
    }
    return parts.join(", ");
  }

  private async doClose(): Promise<void> {
    const poll = this.poll;
    if (poll) {
      await new Promise<void>((resolve) => this.finishPoll(poll, [], resolve));
    }
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.reject(new Error(`waitFor: the fake Bot API was closed; recorded calls: ${this.describeCalls()}`));
    }
    this.waiters.clear();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
      for (const socket of this.sockets) socket.destroy();
    });
  }

  // --- chats and messages ------------------------------------------------------

  private key(chatId: number, messageId: number): string {
    return `${chatId}:${messageId}`;
  }

  private nextMessageId(chatId: number): number {
    const next = (this.messageCounters.get(chatId) ?? 0) + 1;
    this.messageCounters.set(chatId, next);
    return next;
  }

  private userFor(id: number, languageCode?: string): User {
    const user: User = { id, is_bot: false, first_name: `User ${id}` };
    if (languageCode !== undefined) user.language_code = languageCode;
    return user;
  }

  private botUser(): User {
    return { id: this.botInfo.id, is_bot: true, first_name: this.botInfo.first_name, username: this.botInfo.username };
  }

  private rememberChat(chatId: number, type: "private" | "group" | "supergroup", from?: User): Chat {
    const existing = this.chats.get(chatId);
    if (existing && existing.type === type) return existing;
    const chat: Chat =
      type === "private"
        ? { id: chatId, type, first_name: from?.id === chatId ? from.first_name : `User ${chatId}` }
        : { id: chatId, type, title: `Group ${chatId}` };
    this.chats.set(chatId, chat);
    return chat;
  }

  private chatFor(chatId: number): Chat {
    return this.chats.get(chatId) ?? this.rememberChat(chatId, chatId > 0 ? "private" : "supergroup");
  }

  private botMessageOrStub(chatId: number, messageId: number | undefined): Json {
    const id = messageId ?? this.lastBotMessage.get(chatId);
    if (id !== undefined) {
      const stored = this.messages.get(this.key(chatId, id));
      if (stored) return stored;
    }
    const stub: Json = {
      message_id: id ?? this.nextMessageId(chatId),
      from: this.botUser(),
      chat: this.chatFor(chatId),
      date: nowSeconds(),
      text: "…",
    };
    this.messages.set(this.key(chatId, stub["message_id"] as number), stub);
    return stub;
  }

  private storeBotMessage(chatId: number, content: Json): Json {
    const message: Json = {
      message_id: this.nextMessageId(chatId),
      from: this.botUser(),
      chat: this.chatFor(chatId),
      date: nowSeconds(),
      ...content,
    };
    const id = message["message_id"] as number;
    this.messages.set(this.key(chatId, id), message);
    this.lastBotMessage.set(chatId, id);
    return message;
  }

  private replyTo(chatId: number, payload: Json): Json {
    const params = payload["reply_parameters"];
    const replyId =
      toInt(payload["reply_to_message_id"]) ??
      (typeof params === "object" && params !== null ? toInt((params as Json)["message_id"]) : undefined);
    if (replyId === undefined) return {};
    const replied = this.messages.get(this.key(chatId, replyId));
    if (!replied) return {};
    return { reply_to_message: omit(replied, ["reply_to_message"]) };
  }

  // --- method handlers -----------------------------------------------------------

  private on(name: string, fn: Handler): void {
    this.handlers.set(name.toLowerCase(), { name, fn });
  }

  private registerHandlers(): void {
    this.on("getUpdates", () => []); // handled specially in onRequest
    this.on("getMe", () => this.botInfo);
    this.on("logOut", () => true);
    this.on("close", () => true);
    this.on("deleteWebhook", (p) => {
      this.webhookUrl = "";
      if (p["drop_pending_updates"] === true) this.updates.splice(0);
      return true;
    });
    this.on("setWebhook", (p) => {
      const url = typeof p["url"] === "string" ? p["url"] : "";
      if (url !== "" && !/^https:\/\//.test(url)) throw badRequest("bad webhook: An HTTPS URL must be provided for webhook");
      this.webhookUrl = url;
      if (p["drop_pending_updates"] === true) this.updates.splice(0);
      return true;
    });
    this.on("getWebhookInfo", () => ({
      url: this.webhookUrl,
      has_custom_certificate: false,
      pending_update_count: this.updates.length,
    }));

    const commandsKey = (p: Json): string => `${JSON.stringify(p["scope"] ?? { type: "default" })}|${String(p["language_code"] ?? "")}`;
    this.on("setMyCommands", (p) => {
      const commands = p["commands"];
      if (!Array.isArray(commands)) throw badRequest("parameter \"commands\" is required");
      if (commands.length > 100) throw badRequest("BOT_COMMANDS_TOO_MUCH");
      for (const c of commands as Array<Partial<BotCommand>>) {
        if (typeof c.command !== "string" || !/^[a-z0-9_]{1,32}$/.test(c.command)) throw badRequest("BOT_COMMAND_INVALID");
        if (typeof c.description !== "string" || c.description.length < 1 || c.description.length > 256) {
          throw badRequest("BOT_COMMAND_DESCRIPTION_INVALID");
        }
      }
      this.commands.set(commandsKey(p), commands as BotCommand[]);
      return true;
    });
    this.on("getMyCommands", (p) => this.commands.get(commandsKey(p)) ?? []);
    this.on("deleteMyCommands", (p) => {
      this.commands.delete(commandsKey(p));
      return true;
    });
    for (const name of ["setMyDescription", "setMyShortDescription", "setMyName", "setChatMenuButton", "setMyDefaultAdministratorRights"]) {
      this.on(name, () => true);
    }

    this.on("sendChatAction", (p) => {
      this.requireChatId(p);
      if (typeof p["action"] !== "string" || p["action"] === "") throw badRequest("wrong parameter action in request");
      return true;
    });
    this.on("answerCallbackQuery", (p) => {
      const id = p["callback_query_id"];
      const answered = typeof id === "string" ? this.callbackQueries.get(id) : undefined;
      if (answered !== false) throw badRequest("query is too old and response timeout expired or query ID is invalid");
      if (typeof p["text"] === "string" && p["text"].length > 200) throw badRequest("MESSAGE_TOO_LONG");
      this.callbackQueries.set(id as string, true);
      return true;
    });
    this.on("answerInlineQuery", (p) => {
      // What Telegram checks of an answer: a known, unanswered query, at most 50 results with unique ids of
      // 1 to 64 bytes, and for an article a title and a message whose text (and HTML) is valid.
      const id = String(p["inline_query_id"] ?? "");
      const state = this.inlineQueries.get(id);
      if (state === undefined) throw badRequest("query is too old and response timeout expired or query ID is invalid");
      if (state.answered) throw badRequest("query is too old and response timeout expired or query ID is invalid");
      const results = Array.isArray(p["results"]) ? (p["results"] as Json[]) : undefined;
      if (!results) throw badRequest("results must be an array");
      if (results.length > 50) throw badRequest("too many inline query results specified");
      const ids = new Set<string>();
      for (const r of results) {
        const rid = String(r["id"] ?? "");
        if (rid.length === 0 || Buffer.byteLength(rid) > 64) throw badRequest("RESULT_ID_INVALID");
        if (ids.has(rid)) throw badRequest("RESULT_ID_DUPLICATE");
        ids.add(rid);
        if (r["type"] === "article") {
          if (typeof r["title"] !== "string" || r["title"] === "") throw badRequest("RESULT_TITLE_EMPTY");
          const content = r["input_message_content"] as Json | undefined;
          if (!content) throw badRequest("input_message_content is required");
          this.formatted({ text: content["message_text"], parse_mode: content["parse_mode"] }, "text", 4096);
        }
      }
      state.answered = true;
      return true;
    });

    this.on("sendMessage", (p) => {
      const chatId = this.requireChatId(p);
      const content = this.formatted(p, "text", 4096);
      return this.storeBotMessage(chatId, { ...this.replyTo(chatId, p), ...content, ...markupOf(p) });
    });

    this.on("editMessageText", (p) => {
      const content = this.formatted(p, "text", 4096);
      return this.edit(p, content, true);
    });
    this.on("editMessageCaption", (p) => {
      const content = this.formatted(p, "caption", 1024, true);
      return this.edit(p, content, true);
    });
    this.on("editMessageReplyMarkup", (p) => this.edit(p, {}, false));

    this.on("deleteMessage", (p) => {
      const chatId = this.requireChatId(p);
      const messageId = toInt(p["message_id"]);
      if (messageId === undefined) throw badRequest("message identifier is not specified");
      const key = this.key(chatId, messageId);
      if (this.deleted.has(key)) throw badRequest("message to delete not found");
      this.deleted.add(key);
      this.messages.delete(key);
      return true;
    });
    this.on("deleteMessages", (p) => {
      const chatId = this.requireChatId(p);
      const ids = Array.isArray(p["message_ids"]) ? (p["message_ids"] as unknown[]) : [];
      for (const id of ids) {
        const key = this.key(chatId, Number(id));
        this.deleted.add(key);
        this.messages.delete(key);
      }
      return true;
    });

    this.on("copyMessage", (p) => {
      const chatId = this.requireChatId(p);
      const { source } = this.sourceMessage(p);
      const { text, entities, caption, caption_entities, photo, document } = source ?? {};
      const copy = this.storeBotMessage(chatId, stripUndefined({ text: text ?? "…", entities, caption, caption_entities, photo, document, ...markupOf(p) }));
      return { message_id: copy["message_id"] };
    });
    this.on("forwardMessage", (p) => {
      const chatId = this.requireChatId(p);
      const { fromChatId, source } = this.sourceMessage(p);
      if (!source) throw badRequest("message to forward not found");
      const content = omit(source, ["message_id", "chat", "from", "date", "reply_to_message", "edit_date"]);
      return this.storeBotMessage(chatId, {
        ...content,
        forward_origin: { type: "chat", chat: this.chatFor(fromChatId), date: source["date"] },
      });
    });

    for (const [method, field] of Object.entries(MEDIA_FIELDS)) {
      this.on(method, (p) => {
        const chatId = this.requireChatId(p);
        if (p[field] === undefined || p[field] === "") throw badRequest(`there is no ${field} in the request`);
        const caption = this.formatted(p, "caption", 1024, true);
        return this.storeBotMessage(chatId, { ...this.replyTo(chatId, p), [field]: this.fakeMedia(field, p[field]), ...caption, ...markupOf(p) });
      });
    }
    this.on("sendMediaGroup", (p) => {
      const chatId = this.requireChatId(p);
      const media = p["media"];
      if (!Array.isArray(media) || media.length < 2 || media.length > 10) {
        throw badRequest("wrong number of messages in the album (must be between 2 and 10)");
      }
      const groupId = String(Date.now());
      return (media as Json[]).map((item) => {
        const type = typeof item["type"] === "string" ? item["type"] : "photo";
        const caption = this.formatted(item, "caption", 1024, true);
        return this.storeBotMessage(chatId, { media_group_id: groupId, [type]: this.fakeMedia(type, item["media"]), ...caption });
      });
    });

    this.on("getChat", (p) => {
      const chatId = this.requireChatId(p);
      const chat = this.chatFor(chatId);
      const info = {
        ...chat,
        accent_color_id: 0,
        max_reaction_count: 11,
        accepted_gift_types: {
          unlimited_gifts: false,
          limited_gifts: false,
          unique_gifts: false,
          premium_subscription: false,
          gifts_from_channels: false,
        },
      } as ChatFullInfo;
      return info;
    });
    this.on("getChatMember", (p) => {
      const chatId = this.requireChatId(p);
      const userId = toInt(p["user_id"]);
      if (userId === undefined) throw badRequest("invalid user_id specified");
      return this.member(chatId, userId);
    });
    this.on("getChatAdministrators", (p) => {
      const chatId = this.requireChatId(p);
      if (this.chatFor(chatId).type === "private") throw badRequest("there are no administrators in the private chat");
      return (this.admins.get(chatId) ?? []).map((id) => this.member(chatId, id));
    });
    this.on("getChatMemberCount", (p) => {
      const chatId = this.requireChatId(p);
      return this.chatFor(chatId).type === "private" ? 2 : Math.max(2, (this.admins.get(chatId) ?? []).length + 1);
    });
    for (const name of ["leaveChat", "pinChatMessage", "unpinChatMessage", "unpinAllChatMessages", "setMessageReaction"]) {
      this.on(name, (p) => {
        this.requireChatId(p);
        return true;
      });
    }
  }

  /** The chat and message a copy or a forward names (from_chat_id + message_id); the message if the fake knows it. */
  private sourceMessage(p: Json): { fromChatId: number; source: Json | undefined } {
    const fromChatId = toInt(p["from_chat_id"]);
    const messageId = toInt(p["message_id"]);
    if (fromChatId === undefined) throw badRequest("chat_id is empty");
    if (messageId === undefined) throw badRequest("message identifier is not specified");
    return { fromChatId, source: this.messages.get(this.key(fromChatId, messageId)) };
  }

  private requireChatId(p: Json): number {
    const value = p["chat_id"];
    if (value === undefined || value === null || value === "") throw badRequest("chat_id is empty");
    const id = toInt(value);
    if (id === undefined) throw badRequest("chat not found");
    return id;
  }

  /** Validates text/caption (+ parse_mode) and returns the message fields it produces. */
  private formatted(p: Json, field: "text" | "caption", maxLength: number, optional = false): Json {
    const raw = p[field];
    const source = raw === undefined || raw === null ? "" : String(raw);
    if (optional && source === "") return {};
    let text = source;
    let entities: MessageEntity[] = [];
    const parseMode = typeof p["parse_mode"] === "string" ? p["parse_mode"].toLowerCase() : "";
    if (parseMode === "html") {
      ({ text, entities } = parseTelegramHtml(source));
    } else if (parseMode !== "" && parseMode !== "markdown" && parseMode !== "markdownv2") {
      throw badRequest(`unsupported parse_mode`);
    } else {
      const given = p[field === "text" ? "entities" : "caption_entities"];
      if (Array.isArray(given)) entities = given as MessageEntity[];
    }
    if (text.trim() === "") {
      if (optional) return {};
      throw badRequest("message text is empty");
    }
    if (text.length > maxLength) throw badRequest(field === "text" ? "message is too long" : "message caption is too long");
    const out: Json = { [field]: text };
    if (entities.length > 0) out[field === "text" ? "entities" : "caption_entities"] = entities;
    return out;
  }

  private edit(p: Json, content: Json, replacesMarkup: boolean): unknown {
    if (p["inline_message_id"] !== undefined) return true;
    const chatId = this.requireChatId(p);
    const messageId = toInt(p["message_id"]);
    if (messageId === undefined) throw badRequest("message identifier is not specified");
    const key = this.key(chatId, messageId);
    if (this.deleted.has(key)) throw badRequest("message to edit not found");
    const markup = markupOf(p);
    const existing = this.messages.get(key);
    if (existing) {
      const from = existing["from"] as User | undefined;
      if (from?.id !== this.botInfo.id) throw badRequest("message can't be edited");
      const before = JSON.stringify([existing["text"], existing["entities"], existing["caption"], existing["caption_entities"], existing["reply_markup"]]);
      const next: Json = { ...existing, ...content };
      if (replacesMarkup || "reply_markup" in markup) {
        delete next["reply_markup"];
        Object.assign(next, markup);
      }
      if (!("entities" in content) && "text" in content) delete next["entities"];
      const after = JSON.stringify([next["text"], next["entities"], next["caption"], next["caption_entities"], next["reply_markup"]]);
      if (before === after) throw badRequest(NOT_MODIFIED);
      next["edit_date"] = nowSeconds();
      this.messages.set(key, next);
      return next;
    }
    // Unknown message (e.g. a stub id used in a test): accept the edit.
    const message: Json = {
      message_id: messageId,
      from: this.botUser(),
      chat: this.chatFor(chatId),
      date: nowSeconds(),
      edit_date: nowSeconds(),
      ...content,
      ...markup,
    };
    this.messages.set(key, message);
    return message;
  }

  private member(chatId: number, userId: number): ChatMemberAdministrator | ChatMemberMember {
    const user = userId === this.botInfo.id ? this.botUser() : this.userFor(userId);
    if (this.chatFor(chatId).type !== "private" && (this.admins.get(chatId) ?? []).includes(userId)) {
      return {
        status: "administrator",
        user,
        can_be_edited: false,
        is_anonymous: false,
        can_manage_chat: true,
        can_delete_messages: true,
        can_manage_video_chats: true,
        can_restrict_members: true,
        can_promote_members: false,
        can_change_info: true,
        can_invite_users: true,
        can_post_stories: true,
        can_edit_stories: true,
        can_delete_stories: true,
        can_pin_messages: true,
      } as ChatMemberAdministrator;
    }
    return { status: "member", user };
  }

  private fakeMedia(field: string, value: unknown): unknown {
    const n = ++this.fileCounter;
    const fileId = typeof value === "string" && !value.startsWith("http") ? value : `FAKE_${field.toUpperCase()}_${n}`;
    const base = { file_id: fileId, file_unique_id: `U${n}` };
    if (field === "photo") return [{ ...base, width: 800, height: 600, file_size: 1000 }];
    if (field === "document") {
      const name = typeof value === "object" && value !== null && "filename" in value ? String((value as UploadedFile).filename) : `file${n}`;
      return { ...base, file_name: name };
    }
    return base;
  }
}

function markupOf(p: Json): Json {
  return isInlineKeyboard(p["reply_markup"]) ? { reply_markup: p["reply_markup"] } : {};
}

function omit(o: Json, keys: string[]): Json {
  return Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));
}

function stripUndefined(o: Json): Json {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

function toInt(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return Math.trunc(value);
  if (typeof value === "string" && /^-?\d+$/.test(value)) return Number(value);
  return undefined;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Starts a fake Bot API on 127.0.0.1 on a free port. */
export async function startFakeBotApi(options: FakeBotApiOptions): Promise<FakeBotApi> {
  const fake = new FakeBotApiServer(options);
  await fake.listen();
  return fake;
}
