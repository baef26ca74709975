import type { z } from "zod";

/** A knowledge file is wrong: the message names the file, the entry and the field, and how to fix it. */
export class KnowledgeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "KnowledgeError";
  }
}

/** Formats zod issues as "file: entry …, field …: problem" lines. */
export function describeIssues(file: string, issues: z.core.$ZodIssue[], entryLabel?: (path: PropertyKey[]) => string | undefined): string {
  return issues
    .map((issue) => {
      const path = issue.path as PropertyKey[];
      const entry = entryLabel?.(path);
      const field = path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("").replace(/^\./, "");
      return `${file}: ${entry ? `${entry}, ` : ""}field ${field || "(file)"}: ${issue.message}`;
    })
    .join("\n");
}
