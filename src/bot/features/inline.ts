import { Composer } from "grammy";
import type { InlineQueryResultArticle } from "grammy/types";
import type { Answer } from "../../engine/answer.ts";
import type { Engine } from "../../engine/engine.ts";
import type { BotContext } from "../context.ts";
import type { QuestionLogger } from "../question-logger.ts";
import { renderAnswerHtml } from "../render.ts";

/** Answers of the knowledge change only when it is reloaded: Telegram may keep them a few minutes. */
const CACHE_SECONDS = 300;
const TITLE_MAX = 64;
const DESCRIPTION_MAX = 120;

const cut = (text: string, max: number) => {
  const chars = Array.from(text.replace(/\s+/g, " ").trim());
  return chars.length <= max ? chars.join("") : `${chars.slice(0, max - 1).join("").trimEnd()}…`;
};

/** One result: its message is the cited answer, the same HTML as in a chat. */
function article(id: string, title: string, answer: Answer): InlineQueryResultArticle {
  return {
    type: "article",
    id: id.slice(0, 64),
    title: cut(title, TITLE_MAX),
    description: cut(answer.citations[0] ? `« ${answer.citations[0].quote} »` : answer.text, DESCRIPTION_MAX),
    input_message_content: { message_text: renderAnswerHtml(answer), parse_mode: "HTML", link_preview_options: { is_disabled: true } },
  };
}

/**
 * Inline mode: "@bot question" in any chat. The best answer as an article whose message is the cited answer,
 * plus up to two related entries; an empty or off-topic query gets example questions, each with its answer.
 */
export function inlineFeature(engine: Engine, questionLog?: QuestionLogger): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  const entryResult = (question: string) => {
    const id = engine.faqIdOfSuggestion(question);
    const answer = id ? engine.answerEntry(id) : undefined;
    return id && answer?.answered ? article(`faq:${id}`, question, answer) : undefined;
  };

  const examples = (): InlineQueryResultArticle[] => engine.exampleQuestions(5).flatMap((q) => entryResult(q) ?? []);

  feature.on("inline_query", async (ctx) => {
    const query = ctx.inlineQuery.query.trim();
    let results: InlineQueryResultArticle[];
    if (!query) {
      results = examples();
    } else {
      const answer = engine.ask(query);
      if (answer.status !== "smalltalk") questionLog?.recordWhenSettled(query, answer, ctx.from.id);
      const best = answer.answered ? [article(`${answer.match?.kind ?? "a"}:${answer.match?.id ?? "0"}`, answer.citations[0] ? query : answer.text, answer)] : [];
      // A refusal's suggestions are the related entries; an answer's, the next entries on the same words.
      const related = (answer.answered ? engine.relatedQuestions(query, answer.match?.id) : answer.suggestions).flatMap((q) => entryResult(q) ?? []);
      results = [...best, ...related].slice(0, 3);
      if (results.length === 0) results = examples();
    }
    ctx.logger.info({ query_length: query.length, results: results.length }, "inline query answered");
    await ctx.answerInlineQuery(results, {
      cache_time: CACHE_SECONDS,
      button: { text: "Poser la question au bot en privé", start_parameter: "inline" },
    });
  });

  // Only sent when inline feedback is turned on in @BotFather (/setinlinefeedback): logged, nothing else to do.
  feature.on("chosen_inline_result", (ctx) => {
    ctx.logger.info({ result_id: ctx.chosenInlineResult.result_id }, "inline result chosen");
  });
  return feature;
}
