import { escapeHtml } from "../common/html.ts";
import type { Engine } from "../engine/engine.ts";
import { reviewGroups } from "../review/review.ts";
import type { LoggedQuestion, ReviewDecisions } from "../store/types.ts";

/**
 * The curators' report: one self-contained HTML file (no script, font, stylesheet or image from anywhere; charts
 * are inline SVG, and a Content-Security-Policy forbids anything else), readable on a phone and printable.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

type Outcome = "answered" | "unsure" | "refused" | "other";
const OUTCOMES: ReadonlyArray<{ key: Outcome; label: string; color: string }> = [
  { key: "answered", label: "Répondu", color: "#2e7d32" },
  { key: "unsure", label: "Incertain (suggestions)", color: "#f9a825" },
  { key: "refused", label: "Refusé (les sources ne le disent pas, hors sujet)", color: "#c62828" },
  { key: "other", label: "Illisible", color: "#9e9e9e" },
];

function outcomeOf(q: LoggedQuestion): Outcome {
  if (q.status === "answered") return "answered";
  if (q.status === "unsure") return "unsure";
  if (q.status === "unanswerable" || q.status === "off_topic") return "refused";
  return "other";
}

export interface ReportInput {
  questions: LoggedQuestion[];
  from: Date;
  to: Date;
  engine: Engine;
  decisions?: ReviewDecisions;
}

export interface ReportFigures {
  total: number;
  askers: number;
  byDay: Array<{ day: string } & Record<Outcome, number>>;
  byOutcome: Record<Outcome, number>;
  feedback: { up: number; down: number };
  via: { chat: number; inline: number };
  topEntries: Array<{ id: string; label: string; count: number }>;
}

/** The UTC days from `from` to `to` (Bamako is on UTC all year), as YYYY-MM-DD. */
function daysBetween(from: Date, to: Date): string[] {
  const days: string[] = [];
  for (let t = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()); t <= to.getTime(); t += DAY_MS) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

export function reportFigures(input: ReportInput): ReportFigures {
  const zero = (): Record<Outcome, number> => ({ answered: 0, unsure: 0, refused: 0, other: 0 });
  const byDay = new Map(daysBetween(input.from, input.to).map((day) => [day, zero()]));
  const byOutcome = zero();
  const feedback = { up: 0, down: 0 };
  const via = { chat: 0, inline: 0 };
  const entries = new Map<string, number>();
  for (const q of input.questions) {
    const outcome = outcomeOf(q);
    byOutcome[outcome]++;
    const day = byDay.get(q.at.toISOString().slice(0, 10));
    if (day) day[outcome]++;
    if (q.feedback) feedback[q.feedback]++;
    via[q.via]++;
    if (outcome === "answered" && q.match) entries.set(q.match, (entries.get(q.match) ?? 0) + 1);
  }
  const topEntries = [...entries.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 10)
    .map(([match, count]) => {
      const [kind, id = ""] = match.split(":");
      const label = kind === "faq" ? (input.engine.faqById(id)?.questions[0] ?? id) : `Passage ${id}`;
      return { id: match, label, count };
    });
  return {
    total: input.questions.length,
    askers: new Set(input.questions.map((q) => q.asker)).size,
    byDay: [...byDay.entries()].map(([day, counts]) => ({ day, ...counts })),
    byOutcome,
    feedback,
    via,
    topEntries,
  };
}

const percent = (part: number, whole: number) => (whole === 0 ? "—" : `${Math.round((part / whole) * 100)} %`);

/** Questions per day, stacked by outcome: one column per day, each segment a <rect> with its count in a title. */
function perDayChart(byDay: ReportFigures["byDay"]): string {
  const width = 720;
  const height = 240;
  const left = 36;
  const bottom = 28;
  const top = 10;
  const max = Math.max(1, ...byDay.map((d) => d.answered + d.unsure + d.refused + d.other));
  const plotH = height - bottom - top;
  const step = (width - left - 8) / Math.max(1, byDay.length);
  const barW = Math.max(2, step * 0.75);
  const parts: string[] = [];
  const ticks = [0, Math.ceil(max / 2), max];
  for (const t of ticks) {
    const y = top + plotH - (t / max) * plotH;
    parts.push(`<line x1="${left}" x2="${width}" y1="${y.toFixed(1)}" y2="${y.toFixed(1)}" stroke="#ddd"/><text x="${left - 6}" y="${(y + 4).toFixed(1)}" text-anchor="end" font-size="11">${t}</text>`);
  }
  const labelEvery = Math.ceil(byDay.length / 10);
  byDay.forEach((d, i) => {
    const x = left + i * step + (step - barW) / 2;
    let y = top + plotH;
    for (const o of OUTCOMES) {
      const n = d[o.key];
      if (n === 0) continue;
      const h = (n / max) * plotH;
      y -= h;
      parts.push(`<rect class="bar ${o.key}" data-day="${d.day}" x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${barW.toFixed(1)}" height="${h.toFixed(1)}" fill="${o.color}"><title>${d.day} : ${n} ${escapeHtml(o.label.toLowerCase())}</title></rect>`);
    }
    if (i % labelEvery === 0) parts.push(`<text x="${(x + barW / 2).toFixed(1)}" y="${height - 10}" text-anchor="middle" font-size="11">${d.day.slice(8, 10)}/${d.day.slice(5, 7)}</text>`);
  });
  return `<svg id="chart-per-day" class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-label="Questions par jour">${parts.join("")}</svg>`;
}

/** One horizontal bar split into shares, with a legend giving counts and percentages. */
function sharesChart(id: string, label: string, segments: Array<{ key: string; label: string; color: string; value: number }>): string {
  const total = segments.reduce((s, x) => s + x.value, 0);
  const width = 720;
  let x = 0;
  const rects = segments
    .filter((s) => s.value > 0)
    .map((s) => {
      const w = (s.value / total) * width;
      const rect = `<rect class="share ${s.key}" x="${x.toFixed(1)}" y="0" width="${w.toFixed(1)}" height="28" fill="${s.color}"><title>${escapeHtml(s.label)} : ${s.value}</title></rect>`;
      x += w;
      return rect;
    });
  if (rects.length === 0) rects.push(`<rect class="share empty" x="0" y="0" width="${width}" height="28" fill="#eee"/>`);
  const legend = segments
    .map((s) => `<li><span class="swatch" style="background:${s.color}"></span>${escapeHtml(s.label)} : <b>${s.value}</b> (${percent(s.value, total)})</li>`)
    .join("");
  return `<svg id="${id}" class="chart" viewBox="0 0 ${width} 28" role="img" aria-label="${escapeHtml(label)}">${rects.join("")}</svg><ul class="legend">${legend}</ul>`;
}

function table(head: string[], rows: string[][]): string {
  if (rows.length === 0) return "<p class=\"empty\">Rien sur la période.</p>";
  return `<table><thead><tr>${head.map((h) => `<th>${h}</th>`).join("")}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join("")}</tr>`).join("")}</tbody></table>`;
}

const frDate = (d: Date) => d.toISOString().slice(0, 10).split("-").reverse().join("/");

export function buildReport(input: ReportInput): string {
  const f = reportFigures(input);
  const groups = reviewGroups(input.questions, input.engine, input.decisions).slice(0, 10);
  const votes = f.feedback.up + f.feedback.down;
  const body = [
    `<h1>Ce que les gens demandent au bot</h1>`,
    `<p class="period">Du ${frDate(input.from)} au ${frDate(input.to)} (UTC, l’heure de Bamako) — <b>${f.total}</b> question(s), <b>${f.askers}</b> personne(s) distincte(s) environ.</p>`,
    `<h2>Questions par jour</h2>`,
    perDayChart(f.byDay),
    `<ul class="legend">${OUTCOMES.map((o) => `<li><span class="swatch" style="background:${o.color}"></span>${escapeHtml(o.label)}</li>`).join("")}</ul>`,
    `<h2>Répondu, incertain, refusé</h2>`,
    sharesChart("chart-outcomes", "Part des réponses", OUTCOMES.map((o) => ({ ...o, value: f.byOutcome[o.key] }))),
    `<h2>Avis sur les réponses</h2>`,
    `<p>${votes} avis : ${percent(f.feedback.up, votes)} jugent la réponse utile.</p>`,
    sharesChart("chart-feedback", "Avis", [
      { key: "up", label: "👍 utile", color: "#2e7d32", value: f.feedback.up },
      { key: "down", label: "👎 pas utile", color: "#c62828", value: f.feedback.down },
    ]),
    `<h2>Questions sans bonne réponse, les plus demandées</h2>`,
    table(
      ["Question", "Fois", "Personnes", "Pourquoi", "Entrée la plus proche"],
      groups.map((g) => [
        `${escapeHtml(g.questions[0] ?? "")}${g.questions.length > 1 ? `<br><small>aussi : ${g.questions.slice(1, 3).map(escapeHtml).join(" · ")}</small>` : ""}`,
        String(g.count),
        String(g.askers),
        [g.refused ? `${g.refused} refusée(s)` : "", g.unsure ? `${g.unsure} incertaine(s)` : "", g.downvoted ? `${g.downvoted} pas utile(s) 👎` : ""].filter(Boolean).join(", "),
        g.nearest ? `<code>${escapeHtml(g.nearest.id)}</code> (${Math.round(g.nearest.score * 100)} %)` : "—",
      ]),
    ),
    `<p class="hint">Pour les ajouter : <code>npm run review</code> dans un terminal, ou /revue dans Telegram.</p>`,
    `<h2>Réponses les plus demandées</h2>`,
    table(["Réponse", "Fois"], f.topEntries.map((e) => [`${escapeHtml(e.label)} <small><code>${escapeHtml(e.id)}</code></small>`, String(e.count)])),
    `<h2>En conversation ou en ligne (@bot dans une autre discussion)</h2>`,
    sharesChart("chart-via", "Conversation ou en ligne", [
      { key: "chat", label: "Conversation", color: "#1565c0", value: f.via.chat },
      { key: "inline", label: "Mode en ligne", color: "#6a1b9a", value: f.via.inline },
    ]),
    `<p class="hint">Le journal ne garde ni identifiant Telegram, ni nom, ni numéro de discussion : les personnes sont comptées par une empreinte qui change chaque mois.</p>`,
  ].join("\n");
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Rapport du bot — ${frDate(input.from)} au ${frDate(input.to)}</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 760px; margin: 1em auto; padding: 0 12px; color: #222; }
h1 { font-size: 1.4em; } h2 { font-size: 1.1em; margin-top: 1.6em; }
.chart { width: 100%; height: auto; display: block; }
.legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: .9em; }
.swatch { display: inline-block; width: .9em; height: .9em; margin-right: .35em; vertical-align: -1px; }
table { border-collapse: collapse; width: 100%; font-size: .92em; } th, td { border-bottom: 1px solid #ddd; padding: 4px 6px; text-align: left; vertical-align: top; }
.hint, .period, small { color: #555; }
</style>
</head>
<body>
${body}
</body>
</html>
`;
}
