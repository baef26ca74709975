import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import type { Answer } from "../engine/answer.ts";
import type { AskOptions } from "../engine/engine.ts";
import { judge, type ItemResult } from "./evaluate.ts";
import type { EvalItem } from "./question-set.ts";

const turnSchema = z.strictObject({
  q: z.string(),
  kind: z.enum(["answer", "unanswerable", "offtopic", "smalltalk"]),
  facts: z.array(z.string().min(1)).min(1).optional(),
  /** The turn only makes sense with the previous ones. */
  followup: z.boolean().optional(),
});
const dialogueSchema = z.strictObject({ turns: z.array(turnSchema).min(2) });

export type Dialogue = z.infer<typeof dialogueSchema>;

export function loadDialogues(file: string): Dialogue[] {
  const parsed = z.array(dialogueSchema).safeParse(parseYaml(readFileSync(file, "utf8")));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file}: dialogue ${String(issue?.path[0])}, field ${issue?.path.slice(1).join(".")}: ${issue?.message}`);
  }
  for (const [i, d] of parsed.data.entries()) {
    for (const t of d.turns) if (t.kind === "answer" && !t.facts) throw new Error(`${file}: dialogue ${i}: an answer turn needs facts ("${t.q}")`);
  }
  return parsed.data;
}

export interface TurnResult extends ItemResult {
  dialogue: number;
  turn: number;
  followup: boolean;
  answer: Answer;
}

/**
 * Plays each dialogue as the bot does: every answer's subject is what the next message may lean on (small talk
 * leaves it as it was). Without memory, every turn is asked alone: the baseline that shows what memory brings.
 */
export function playDialogues(dialogues: Dialogue[], ask: (q: string, options?: AskOptions) => Answer, withMemory = true): TurnResult[] {
  const results: TurnResult[] = [];
  dialogues.forEach((dialogue, d) => {
    let context: string | undefined;
    dialogue.turns.forEach((turn, t) => {
      const answer = ask(turn.q, withMemory && context ? { context } : {});
      if (answer.subject) context = answer.subject;
      const item: EvalItem = turn.kind === "answer" ? { q: turn.q, kind: "answer", style: "informal", lang: "fr", facts: turn.facts ?? [] } : { q: turn.q, kind: turn.kind, lang: "fr" };
      results.push({ ...judge(item, answer), dialogue: d, turn: t, followup: turn.followup === true, answer });
    });
  });
  return results;
}

export interface DialogueScore {
  category: string;
  total: number;
  right: number;
  rate: number;
}

export function summarizeDialogues(results: TurnResult[]): DialogueScore[] {
  const groups: Array<[string, TurnResult[]]> = [
    ["FOLLOW-UPS right", results.filter((r) => r.followup)],
    ["follow-ups answered with the fact", results.filter((r) => r.followup && r.item.kind === "answer")],
    ["follow-ups refused (the article does not say)", results.filter((r) => r.followup && r.item.kind !== "answer")],
    ["LATER TURNS standing alone right", results.filter((r) => !r.followup && r.turn > 0)],
    ["FIRST TURNS right", results.filter((r) => r.turn === 0)],
    ["ALL TURNS", results],
  ];
  return groups.map(([category, rs]) => {
    const right = rs.filter((r) => r.right).length;
    return { category, total: rs.length, right, rate: rs.length === 0 ? 0 : right / rs.length };
  });
}
