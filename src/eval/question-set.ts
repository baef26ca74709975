import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { z } from "zod";

const itemSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    q: z.string(),
    kind: z.literal("answer"),
    style: z.enum(["formal", "informal", "sms", "typo", "noaccent", "keyword"]),
    facts: z.array(z.string().min(1)).min(1),
  }),
  z.strictObject({ q: z.string(), kind: z.enum(["offtopic", "smalltalk", "unanswerable"]) }),
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
