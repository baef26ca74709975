/**
 * The systems a benchmark measures, as production runs them: compiled by `npm run build` into dist/ (the image
 * runs `node dist/main.js`), not through tsx. tsx's esbuild transform wraps every closure the engine makes in a
 * naming helper, about a tenth of an ask, that the product never runs; MiniSearch, the peer, is compiled
 * JavaScript from npm. `BENCH_FROM=src` measures the TypeScript sources through tsx instead (no build needed).
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type * as EngineSource from "../../src/engine/engine.ts";
import type * as BaselineSource from "../../src/eval/baseline.ts";
import type * as MiniSearchSource from "../../src/eval/minisearch-baseline.ts";
import { ROOT } from "./questions.ts";

type EngineModule = typeof EngineSource;
type BaselineModule = typeof BaselineSource;
type MiniSearchModule = typeof MiniSearchSource;

export interface BenchSystems {
  from: "dist" | "src";
  createEngine: EngineModule["createEngine"];
  createBaseline: BaselineModule["createBaseline"];
  createMiniSearchBaseline: MiniSearchModule["createMiniSearchBaseline"];
}

async function load<M>(modulePath: string, from: "dist" | "src"): Promise<M> {
  const file = from === "dist" ? resolve(ROOT, "dist", `${modulePath}.js`) : resolve(ROOT, "src", `${modulePath}.ts`);
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first (npm run bench does), or set BENCH_FROM=src`);
  return (await import(pathToFileURL(file).href)) as M;
}

export async function loadSystems(): Promise<BenchSystems> {
  const from = process.env.BENCH_FROM === "src" ? "src" : "dist";
  const [engine, baseline, minisearch] = await Promise.all([
    load<EngineModule>("engine/engine", from),
    load<BaselineModule>("eval/baseline", from),
    load<MiniSearchModule>("eval/minisearch-baseline", from),
  ]);
  return { from, createEngine: engine.createEngine, createBaseline: baseline.createBaseline, createMiniSearchBaseline: minisearch.createMiniSearchBaseline };
}
