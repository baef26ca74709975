import { describe, expect, it } from "vitest";
import { reviewGroups, needsReview } from "../../src/review/review.ts";
import { testEngine } from "../bot/helpers.ts";
import { logged } from "../store/question-log.contract.ts";

const T0 = Date.UTC(2025, 7, 1, 12);

describe("reviewGroups", () => {
  const engine = testEngine();
  const rows = [
    logged("0000000000000001", T0, { question: "Quel est le salaire de Tsivilev ?", asker: "a" }),
    logged("0000000000000002", T0 + 1, { question: "quel est le SALAIRE de tsivilev", asker: "b" }),
    logged("0000000000000003", T0 + 2, { question: "Quel est le salaire de Tsivilev ?", asker: "a" }),
    logged("0000000000000004", T0 + 3, { question: "Le big boss russe c'était qui ?", asker: "c" }),
    logged("0000000000000005", T0 + 4, { question: "Qui a conduit la délégation ?", status: "answered", score: 1, asker: "d" }),
    logged("0000000000000006", T0 + 5, { question: "Quand la délégation est-elle arrivée ?", status: "answered", score: 1, feedback: "down", asker: "e" }),
    logged("0000000000000007", T0 + 6, { question: "Combien de membres ?", status: "unsure", score: 0.5, asker: "e" }),
  ];

  it("groups spelling variants by normalised terms, with counts, distinct askers and why they are there", () => {
    const groups = reviewGroups(rows, engine);
    const salary = groups[0];
    expect(salary?.count).toBe(3);
    expect(salary?.askers).toBe(2);
    expect(salary?.refused).toBe(3);
    // The most asked wording first, the variant after it.
    expect(salary?.questions).toEqual(["Quel est le salaire de Tsivilev ?", "quel est le SALAIRE de tsivilev"]);
    expect(groups.map((g) => g.count)).toEqual([3, 1, 1, 1]);
    expect(groups.find((g) => g.downvoted === 1)?.questions).toEqual(["Quand la délégation est-elle arrivée ?"]);
    expect(groups.find((g) => g.unsure === 1)?.questions).toEqual(["Combien de membres ?"]);
  });

  it("leaves out answered questions nobody voted down, and ignored groups", () => {
    expect(needsReview(rows[4] as (typeof rows)[number])).toBe(false);
    const all = reviewGroups(rows, engine);
    expect(all.flatMap((g) => g.questions)).not.toContain("Qui a conduit la délégation ?");
    const ignored = new Map([[all[0]?.key as string, { at: new Date(0), forever: true }]]);
    expect(reviewGroups(rows, engine, ignored).map((g) => g.key)).not.toContain(all[0]?.key);
  });

  it("of a group fixed at a date, only the questions asked since come back", () => {
    const key = reviewGroups(rows, engine)[0]?.key as string;
    const fixed = new Map([[key, { at: new Date(T0 + 1), forever: false }]]);
    const salary = reviewGroups(rows, engine, fixed).find((g) => g.key === key);
    expect(salary?.count).toBe(1);
    expect(reviewGroups(rows, engine, new Map([[key, { at: new Date(T0 + 2), forever: false }]])).find((g) => g.key === key)).toBeUndefined();
  });

  it("names the nearest FAQ entry and how much of it the question covers", () => {
    const boss = reviewGroups(rows, engine).find((g) => g.questions[0] === "Le big boss russe c'était qui ?");
    expect(boss?.nearest?.id).toBe("chef-delegation");
    expect(boss?.nearest?.score).toBeGreaterThan(0.3);
    expect(boss?.nearest?.unanswered).toBe(false);
  });
});
