import { z } from "zod";

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "expected a date written YYYY-MM-DD")
  // Date.parse rolls 2025-02-30 over to March: a real date must survive the round trip.
  .refine((s) => {
    const t = Date.parse(`${s}T00:00:00Z`);
    return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === s;
  }, "not a real calendar date");

/** YAML turns an unquoted 2025-07-28 into a Date; accept it and write it back as YYYY-MM-DD. */
const dateField = z.preprocess((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v), isoDate);

const id = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "expected a kebab-case id such as info-matin-2025-07-28");
const text = z.string().trim().min(1, "must not be empty");

export const sourceMetaSchema = z.strictObject({
  id,
  title: text,
  outlet: text,
  author: text,
  date: dateField,
  url: z.url().optional(),
  boilerplate: z.array(text).default([]),
});

export const updateFrontMatterSchema = z.strictObject({
  id,
  date: dateField,
  title: text,
  outlet: text,
  author: text,
  url: z.url().optional(),
});

export const faqFileSchema = z.strictObject({
  topics: z.record(id, text).refine((t) => Object.keys(t).length > 0, "list at least one topic"),
  entries: z
    .array(
      z
        .strictObject({
          // Buttons carry an entry id with the logged question's id in Telegram's 64 bytes of callback data.
          id: id.max(42, "keep FAQ entry ids to 42 characters at most (they travel in button data)"),
          topic: id,
          questions: z.array(text).min(1, "give at least one phrasing"),
          answer: text,
          /** The answer to a question that names only the visit itself ("la visite ?", "les russes au Mali"): one entry at most. */
          overview: z.boolean().optional(),
          /**
           * The answer explains that the sources do not say (it is shown as a refusal; citations, if any, are the basis,
           * not shown). Such an entry may come from the review of one real question: one phrasing, no citation.
           */
          unanswered: z.boolean().optional(),
          citations: z.array(z.strictObject({ source: id, quote: text })).max(3, "cite at most three excerpts").default([]),
        })
        .superRefine((entry, ctx) => {
          if (entry.unanswered) return;
          if (entry.questions.length < 2) ctx.addIssue({ code: "custom", path: ["questions"], message: "give at least two phrasings" });
          if (entry.citations.length < 1) ctx.addIssue({ code: "custom", path: ["citations"], message: "cite at least one verbatim excerpt" });
        }),
    )
    .min(1),
});

export const lexiconFileSchema = z.strictObject({
  synonyms: z.array(z.array(text).min(2, "a synonym group needs at least two forms")).default([]),
  spellings: z.record(text, text).default({}),
  /** Words that only name the visit (visite, délégation, Russie, Mali…): a question made of nothing else asks for the overview. */
  event: z.array(text).default([]),
  /** Words that frame a question without being what it asks ("obligeance", "pour mon exposé"): read as stopwords. */
  frames: z.array(text).default([]),
});

export type SourceMeta = z.infer<typeof sourceMetaSchema>;
export type UpdateFrontMatter = z.infer<typeof updateFrontMatterSchema>;
