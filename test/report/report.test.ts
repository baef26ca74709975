/**
 * The report as people see it: rendered by a real headless Chromium (Debian's package, never a downloaded
 * browser), with nothing fetched from anywhere, and a screenshot whose pixels show the charts.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildReport, reportFigures } from "../../src/report/report.ts";
import { SqliteStore } from "../../src/store/sqlite-store.ts";
import type { LoggedQuestion } from "../../src/store/types.ts";
import { testEngine } from "../bot/helpers.ts";
import { seedQuestionLog } from "../support/question-log-seed.ts";

const CHROMIUM = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const DAY_MS = 24 * 60 * 60 * 1000;
const END = Date.UTC(2025, 8, 14, 18);
const DAYS = 14;

let work: string;
let browser: BrowserContext;
let rows: LoggedQuestion[];
let html: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: install Debian's chromium package (apt-get install -y chromium; .ci/run does it), or set CHROMIUM_PATH`);
  work = mkdtempSync(join(tmpdir(), "visite-report-"));
  const store = new SqliteStore(":memory:");
  rows = await seedQuestionLog(store, testEngine(), DAYS, END);
  await store.close();
  html = buildReport({ questions: rows, from: new Date(END - (DAYS - 1) * DAY_MS), to: new Date(END), engine: testEngine() });
  writeFileSync(join(work, "rapport.html"), html);
  // A fresh profile of its own (Playwright passes it as --user-data-dir).
  browser = await chromium.launchPersistentContext(join(work, "profile"), { executablePath: CHROMIUM, args: FLAGS, headless: true, timeout: 60_000 });
}, 90_000);

afterAll(async () => {
  await browser?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

async function newPage(): Promise<Page> {
  const page = await browser.newPage();
  await page.setViewportSize({ width: 800, height: 1200 });
  return page;
}

/** Counts the pixels of a PNG close to an RGB colour, decoding it in the browser itself (no image library). */
async function pixelsNear(png: Buffer, rgb: [number, number, number]): Promise<number> {
  const page = await browser.newPage();
  try {
    // Browser code, passed as text: this file is compiled without the DOM's types.
    const count = `(async ({ data, target }) => {
      const img = new Image();
      img.src = "data:image/png;base64," + data;
      await img.decode();
      const canvas = document.createElement("canvas");
      canvas.width = img.width;
      canvas.height = img.height;
      const g = canvas.getContext("2d");
      g.drawImage(img, 0, 0);
      const px = g.getImageData(0, 0, img.width, img.height).data;
      let n = 0;
      for (let i = 0; i < px.length; i += 4) {
        if (Math.abs(px[i] - target[0]) + Math.abs(px[i + 1] - target[1]) + Math.abs(px[i + 2] - target[2]) < 30) n++;
      }
      return n;
    })(${JSON.stringify({ data: png.toString("base64"), target: rgb })})`;
    return (await page.evaluate(count)) as number;
  } finally {
    await page.close();
  }
}

describe("the report in Chromium", () => {
  it("renders with nothing fetched but the file itself, and no error", async () => {
    const page = await newPage();
    const requests: string[] = [];
    const errors: string[] = [];
    page.on("request", (r) => requests.push(r.url()));
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(pathToFileURL(join(work, "rapport.html")).href);
    expect(requests.filter((u) => !u.startsWith("file:") && !u.startsWith("data:"))).toEqual([]);
    expect(errors).toEqual([]);
    expect(await page.title()).toContain("Rapport du bot");
    await page.close();
  });

  it("draws one column per day with questions, stacked by outcome, and the shares charts", async () => {
    const page = await newPage();
    await page.goto(pathToFileURL(join(work, "rapport.html")).href);
    const figures = reportFigures({ questions: rows, from: new Date(END - (DAYS - 1) * DAY_MS), to: new Date(END), engine: testEngine() });
    const daysWithQuestions = figures.byDay.filter((d) => d.answered + d.unsure + d.refused + d.other > 0).length;
    expect(daysWithQuestions).toBe(DAYS);
    const columns = await page.$$eval("#chart-per-day rect.bar", (rects) => new Set(rects.map((r) => r.getAttribute("data-day"))).size);
    expect(columns).toBe(DAYS);
    // Every bar segment has a visible size on screen.
    const sizes = await page.$$eval("#chart-per-day rect.bar", (rects) => rects.map((r) => r.getBoundingClientRect()).map((b) => b.width * b.height));
    expect(Math.min(...sizes)).toBeGreaterThan(4);
    for (const id of ["chart-outcomes", "chart-feedback", "chart-via"]) expect(await page.locator(`#${id} rect.share`).count()).toBeGreaterThan(0);
    expect(await page.locator("table").first().textContent()).toContain("salaire");
    await page.close();
  });

  it("the screenshot shows the charts: answered and refused colours in the per-day chart, in proportion", async () => {
    const page = await newPage();
    await page.goto(pathToFileURL(join(work, "rapport.html")).href);
    const shot = await page.locator("#chart-per-day").screenshot();
    const green = await pixelsNear(shot, [0x2e, 0x7d, 0x32]);
    const red = await pixelsNear(shot, [0xc6, 0x28, 0x28]);
    const box = await page.locator("#chart-per-day").boundingBox();
    const area = (box?.width ?? 0) * (box?.height ?? 0);
    expect(green).toBeGreaterThan(area * 0.03);
    expect(red).toBeGreaterThan(area * 0.03);
    // The colours' areas follow the figures (within a generous margin: anti-aliasing, rounding).
    const answered = figures().byOutcome.answered;
    const refused = figures().byOutcome.refused;
    expect(green / red).toBeGreaterThan((answered / refused) * 0.7);
    expect(green / red).toBeLessThan((answered / refused) * 1.4);
    const full = await page.screenshot({ fullPage: true });
    writeFileSync(join(work, "rapport.png"), full);
    expect(await pixelsNear(full, [0x15, 0x65, 0xc0])).toBeGreaterThan(1000); // the chat share bar
    await page.close();
  });

  it("an empty period still renders, saying so, with no broken chart", async () => {
    const empty = buildReport({ questions: [], from: new Date(END - 6 * DAY_MS), to: new Date(END), engine: testEngine() });
    expect(empty).not.toContain("NaN");
    const page = await browser.newPage();
    await page.setContent(empty);
    expect(await page.locator("#chart-per-day").count()).toBe(1);
    expect(await page.locator("#chart-per-day rect.bar").count()).toBe(0);
    expect(await page.textContent("body")).toContain("Rien sur la période");
    await page.close();
  });
});

function figures() {
  return reportFigures({ questions: rows, from: new Date(END - (DAYS - 1) * DAY_MS), to: new Date(END), engine: testEngine() });
}
