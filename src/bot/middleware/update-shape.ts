import type { MiddlewareFn } from "grammy";
import { z } from "zod";
import type { BotContext } from "../context.ts";

/**
 * The fields the handlers read, with the types they rely on. Telegram's own
 * updates always fit; a forged or garbled webhook body (a number as `text`,
 * a string as `chat.id`) would make a handler throw, so it is dropped here
 * with one log line. Everything else passes through untouched.
 */
const id = z.number().int();
const user = z.looseObject({ id, first_name: z.string().optional(), username: z.string().optional(), language_code: z.string().optional() });
const chat = z.looseObject({ id, type: z.string() });
const entity = z.looseObject({ type: z.string(), offset: z.number().int(), length: z.number().int() });
const message = z.looseObject({
  message_id: id,
  chat,
  from: user.optional(),
  text: z.string().optional(),
  entities: z.array(entity).optional(),
  reply_to_message: z.looseObject({ message_id: id, from: user.optional() }).optional(),
  migrate_to_chat_id: id.optional(),
});
const updateSchema = z.looseObject({
  update_id: id,
  message: message.optional(),
  edited_message: message.optional(),
  callback_query: z.looseObject({ id: z.string(), from: user, data: z.string().optional(), message: z.looseObject({ message_id: id, chat }).optional() }).optional(),
  my_chat_member: z.looseObject({ chat, from: user, new_chat_member: z.looseObject({ status: z.string() }) }).optional(),
  inline_query: z.looseObject({ id: z.string(), from: user, query: z.string() }).optional(),
});

export function dropMalformedUpdates(): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const parsed = updateSchema.safeParse(ctx.update);
    if (!parsed.success) {
      const where = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join(".")}: ${i.message}`);
      ctx.logger.warn({ problems: where }, "malformed update dropped");
      return;
    }
    await next();
  };
}
