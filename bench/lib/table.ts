/** Plain-text tables for benchmark output. */

export type Align = "left" | "right";

export interface Column {
  header: string;
  align?: Align;
}

const NUMERIC = /^(?:[-+<>~≈]\s?)?[\d—]/;

/** Renders rows under headers, columns padded to their widest cell; columns of numbers are right-aligned unless told otherwise. */
export function renderTable(columns: ReadonlyArray<Column | string>, rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  const cols: Column[] = columns.map((c) => (typeof c === "string" ? { header: c } : c));
  const cells = rows.map((r) => cols.map((_, i) => String(r[i] ?? "")));
  const widths = cols.map((c, i) => Math.max(c.header.length, ...cells.map((r) => (r[i] as string).length)));
  const aligns = cols.map((c, i) => c.align ?? (cells.length > 0 && cells.every((r) => NUMERIC.test(r[i] as string) || r[i] === "") ? "right" : "left"));
  const pad = (text: string, i: number) => (aligns[i] === "left" ? text.padEnd(widths[i] as number) : text.padStart(widths[i] as number));
  const line = (parts: string[]) => `| ${parts.map(pad).join(" | ")} |`;
  const rule = `|${widths.map((w, i) => (aligns[i] === "left" ? `:${"-".repeat(w + 1)}` : `${"-".repeat(w + 1)}:`)).join("|")}|`;
  return [line(cols.map((c) => c.header)), rule, ...cells.map(line)].join("\n");
}

export function printTable(title: string, columns: ReadonlyArray<Column | string>, rows: ReadonlyArray<ReadonlyArray<string | number>>): void {
  console.log(`\n${title}\n`);
  console.log(renderTable(columns, rows));
}

/** A section heading. */
export function heading(text: string): void {
  console.log(`\n## ${text}`);
}

/** A line of explanation printed under a table. */
export function note(text: string): void {
  console.log(`  note: ${text}`);
}
