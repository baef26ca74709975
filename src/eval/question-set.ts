import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { z } from "zod";

const style = z.enum(["formal", "informal", "sms", "typo", "noaccent", "keyword"]);
/** Language of the question (the answer is always French); French when not given. */
const lang = z.enum(["fr", "en"]).default("fr");

const itemSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    q: z.string(),
    kind: z.literal("answer"),
    style,
    lang,
    /** The source the question is about (an update id, or the article's). */
    source: z.string().optional(),
    facts: z.array(z.string().min(1)).min(1),
  }),
  z.strictObject({ q: z.string(), kind: z.enum(["offtopic", "smalltalk", "unanswerable"]), lang, style: style.optional(), source: z.string().optional() }),
]);

export type EvalItem = z.infer<typeof itemSchema>;

export function loadQuestionSet(file: string): EvalItem[] {
  const parsed = z.array(itemSchema).safeParse(parseYaml(readFileSync(file, "utf8")));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file}: item ${String(issue?.path[0])}, field ${issue?.path.slice(1).join(".")}: ${issue?.message}`);
  }
  return parsed.data;
}
