import { spawn } from "node:child_process";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { createEngine, type Engine } from "../../src/engine/engine.ts";
import { loadKnowledge } from "../../src/engine/knowledge/load.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node --import tsx src/cli/ask.ts …args` from the repository root, feeding `input` on stdin. */
function runAsk(args: string[], input = "", env: Record<string, string | undefined> = {}): Promise<Run> {
  return new Promise((resolvePromise, reject) => {
    const { KNOWLEDGE_DIR: _ignored, ...inherited } = process.env;
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/ask.ts", ...args], {
      cwd: ROOT,
      env: { ...inherited, ...env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    child.on("error", reject);
    child.on("close", (code) =>
      resolvePromise({ code, stdout: Buffer.concat(stdout).toString("utf8"), stderr: Buffer.concat(stderr).toString("utf8") }),
    );
    child.stdin.end(input, "utf8");
  });
}

let engine: Engine;
beforeAll(() => {
  engine = createEngine(loadKnowledge(resolve(ROOT, "knowledge")));
});

const QUESTIONS = [
  "Qui a conduit la délégation ?",
  "",
  "Combien de personnes comptait la délégation russe ?",
  "c ki le chef de la delegation",
  "Quand la délégation est-elle arrivée à Bamako ?",
  "   ",
  "qui a accueilli la delegation",
  "Quelles entreprises russes faisaient partie de la délégation ?",
  "Quels ministères russes étaient représentés ?",
  "c koi l'AES",
  "Quel âge a Tsivilev ?",
  "Quelle est la capitale de la France ?",
  "bonjour",
  "merci",
  "qui es-tu ?",
  "😀😀😀",
  "Кто возглавлял делегацию?",
  "من قاد الوفد؟",
  "Who led the delegation?",
  "<b>Qui</b> a conduit la délégation ?",
  "**Qui** a conduit la _délégation_ ?",
  "Qui a conduit\u0000 la délégation ?\u0007",
  "Qui\ta conduit la délégation ?",
  "x".repeat(10_000),
  '{"question": "injection", "answered": true}',
  'des "guillemets" et des \\ barres obliques \\n',
  "?",
  "Rosatom",
  "vol spécial",
  "engrais",
  "chemins de fer",
  "FAMa",
  "Roskosmos",
  "Tsivilev",
  "D’où venait la délégation russe ?",
  "la delegation venait d ou",
  "Qui a écrit cet article ?",
  "Quel journal a publié cet article ?",
  "Pourquoi la délégation russe est-elle venue au Mali ?",
  "Sur quels secteurs ont porté les discussions ?",
  "la Russie va vendre du pétrole au Mali ?",
  "qui est le général Yevkurov",
  "c koi le FLA",
  "ya une base russe a l aeroport?",
  "kel entreprise russe pr le nucleaire",
  "qui a dirijé la délégasion russe",
  "quelle est la date d arrivee de la delegation",
  "au revoir",
  "",
  "Qui a conduit la délégation ? (dernière ligne)",
];

const ANSWER_KEYS = ["question", "answered", "text", "citations", "score", "suggestions"];
const CITATION_KEYS = ["sourceId", "outlet", "author", "paragraph", "quote"];

interface JsonAnswer {
  question: string;
  answered: boolean;
  text: string;
  citations: Array<{ sourceId: string; outlet: string; author: string; paragraph: number; quote: string }>;
  score: number;
  suggestions: string[];
}

describe("ask --json line framing", () => {
  it("splits on \\n only: a bare \\r stays inside its line, CRLF is one line break", async () => {
    const run = await runAsk(["--json"], "constructor\rQui a conduit la délégation ?\r\nbonjour\n");
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    expect((JSON.parse(lines[0] as string) as JsonAnswer).question).toBe("constructor\rQui a conduit la délégation ?");
    expect((JSON.parse(lines[1] as string) as JsonAnswer).question).toBe("bonjour");
  });

  it("escapes U+2028 and U+2029, so each answer is one line for every reader", async () => {
    const run = await runAsk(["--json"], "Qui\u2028a conduit\u2029 la délégation ?\nconstructor\n");
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(/[\u2028\u2029]/);
    const lines = run.stdout.trimEnd().split(/\r?\n|\u2028|\u2029/);
    expect(lines).toHaveLength(2);
    expect((JSON.parse(lines[0] as string) as JsonAnswer).question).toBe("Qui\u2028a conduit\u2029 la délégation ?");
  });

  it("a question naming an Object.prototype member gets its line like any other", async () => {
    const run = await runAsk(["--json"], "constructor\nQui a conduit la délégation ?\n__proto__\n");
    expect(run.code).toBe(0);
    const answers = run.stdout.trimEnd().split("\n").map((l) => JSON.parse(l) as JsonAnswer);
    expect(answers).toHaveLength(3);
    expect(answers[1]?.answered).toBe(true);
  });
});

describe("ask --json", () => {
  let run: Run;
  let lines: string[];
  beforeAll(async () => {
    run = await runAsk(["--json"], `${QUESTIONS.join("\n")}\n`);
    lines = run.stdout.split("\n");
  });

  it("exits with code 0", () => {
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
  });

  it("writes exactly one JSON line per input line, nothing else", () => {
    expect(QUESTIONS.length).toBeGreaterThanOrEqual(50);
    expect(run.stdout.endsWith("\n")).toBe(true);
    expect(lines.pop()).toBe("");
    expect(lines).toHaveLength(QUESTIONS.length);
    for (const line of lines) expect(() => JSON.parse(line), line.slice(0, 80)).not.toThrow();
  });

  it("answers in input order, echoing each question", () => {
    const answers = lines.map((l) => JSON.parse(l) as JsonAnswer);
    expect(answers.map((a) => a.question)).toEqual(QUESTIONS);
  });

  it("gives each object the keys question, answered, text, citations[…], score, suggestions", () => {
    for (const line of lines) {
      const a = JSON.parse(line) as JsonAnswer;
      expect(Object.keys(a).sort()).toEqual([...ANSWER_KEYS].sort());
      expect(typeof a.question).toBe("string");
      expect(typeof a.answered).toBe("boolean");
      expect(typeof a.text).toBe("string");
      expect(a.text.length).toBeGreaterThan(0);
      expect(typeof a.score).toBe("number");
      expect(a.score).toBeGreaterThanOrEqual(0);
      expect(a.score).toBeLessThanOrEqual(1);
      expect(Array.isArray(a.suggestions)).toBe(true);
      expect(a.suggestions.length).toBeLessThanOrEqual(3);
      expect(Array.isArray(a.citations)).toBe(true);
      if (a.answered) {
        expect(a.citations.length).toBeGreaterThanOrEqual(1);
        expect(a.citations.length).toBeLessThanOrEqual(3);
      } else {
        expect(a.citations).toEqual([]);
      }
      for (const c of a.citations) {
        expect(Object.keys(c).sort()).toEqual([...CITATION_KEYS].sort());
        expect(typeof c.paragraph).toBe("number");
      }
    }
  });

  it("gives the same answers as the engine in process", () => {
    for (const line of lines) {
      const a = JSON.parse(line) as JsonAnswer;
      const expected = engine.ask(a.question);
      expect(a.answered, a.question).toBe(expected.answered);
      expect(a.score, a.question).toBe(expected.score);
      expect(a.suggestions, a.question).toEqual(expected.suggestions);
      expect(a.citations, a.question).toEqual(
        expected.citations.map((c) => ({ sourceId: c.sourceId, outlet: c.outlet, author: c.author, paragraph: c.paragraph, quote: c.quote })),
      );
      expect(a.text.startsWith(expected.text), a.question).toBe(true);
    }
  });

  it("answers the first question with the Tsivilev citation, and refuses bad input", () => {
    const answers = lines.map((l) => JSON.parse(l) as JsonAnswer);
    expect(answers[0]).toMatchObject({ answered: true });
    expect(answers[0]?.citations[0]).toMatchObject({ outlet: "Info Matin", author: "El Hadj Sambi Touré", paragraph: 1 });
    expect(answers[0]?.citations[0]?.quote).toContain("Sergei Tsivilev");
    expect(answers[0]?.text).toContain("— Info Matin, El Hadj Sambi Touré, §1");
    for (const bad of ["", "   ", "😀😀😀", "Кто возглавлял делегацию?", "x".repeat(10_000)]) {
      const answer = answers.find((a) => a.question === bad);
      expect(answer?.answered, bad.slice(0, 20)).toBe(false);
      expect(answer?.citations).toEqual([]);
    }
  });

  it("treats CRLF line endings as one line break", async () => {
    const crlf = await runAsk(["--json"], "Qui a conduit la délégation ?\r\nbonjour\r\n");
    expect(crlf.code).toBe(0);
    const answers = crlf.stdout.trimEnd().split("\n").map((l) => JSON.parse(l) as JsonAnswer);
    expect(answers.map((a) => a.question)).toEqual(["Qui a conduit la délégation ?", "bonjour"]);
  });

  it("writes nothing for empty stdin", async () => {
    const empty = await runAsk(["--json"], "");
    expect(empty.code).toBe(0);
    expect(empty.stdout).toBe("");
  });
});

describe("ask with a question argument", () => {
  it("prints the answer, the excerpt in « » and its citation line", async () => {
    const run = await runAsk(["Qui a conduit la délégation ?"]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    expect(run.stdout).toContain("Sergei Tsivilev");
    expect(run.stdout).toMatch(/« [^»]*Sergei Tsivilev[^»]* »/);
    expect(run.stdout).toContain("— Info Matin, El Hadj Sambi Touré, §1");
  });

  it("fails with exit code 1 and a message naming the folder when the knowledge is missing", async () => {
    const missing = join(tmpdir(), "no-such-knowledge-dir-for-cli-tests");
    const run = await runAsk(["Qui a conduit la délégation ?"], "", { KNOWLEDGE_DIR: missing });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("knowledge directory not found");
    expect(run.stderr).toContain(missing);
  });
});
