/**
 * `npm run publish -- <update-id>`: sends a curated update to every active
 * subscriber, at most BROADCAST_RATE messages per second. Safe to run again:
 * it resumes and never sends an update twice to the same chat.
 */
import { resolve } from "node:path";
import { config as loadDotenv } from "dotenv";
import { Api } from "grammy";
import { BroadcastBusyError, BroadcastFatalError, type BroadcastProgress } from "../broadcast/broadcaster.ts";
import { createPublisher, UnknownUpdateError } from "../broadcast/publisher.ts";
import { ConfigError, parseConfig } from "../config.ts";
import { runCli } from "./run.ts";
import { KnowledgeError } from "../engine/knowledge/errors.ts";
import { loadKnowledge } from "../engine/knowledge/load.ts";
import { createLogger } from "../logger.ts";
import { openStore } from "../store/open-store.ts";
import { StoreError } from "../store/types.ts";
import { telegramClientOptions } from "../telegram/client-options.ts";

function progressBar(p: BroadcastProgress): string {
  const ratio = p.total === 0 ? 1 : p.done / p.total;
  const width = 30;
  const filled = Math.round(ratio * width);
  return `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${(ratio * 100).toFixed(0).padStart(3)}% ${p.done}/${p.total}  envoyés ${p.sent} · désactivés ${p.deactivated} · échecs ${p.failed}`;
}

async function main(): Promise<number> {
  loadDotenv({ quiet: true });
  const id = process.argv.slice(2).find((a) => !a.startsWith("-"));
  if (!id) {
    console.error("Usage: npm run publish -- <update-id>   (the file knowledge/updates/<update-id>.md)");
    return 1;
  }
  const config = parseConfig(process.env);
  // Logs go to stderr as JSON at warn level and above, so the terminal shows the bar and the summary.
  const logger = createLogger({ level: process.env.LOG_LEVEL ?? "warn", secrets: [config.BOT_TOKEN, config.DATABASE_URL], destination: process.stderr });
  const knowledge = loadKnowledge(resolve(config.KNOWLEDGE_DIR));
  const { store } = await openStore(config);
  const publisher = createPublisher({ store, sender: new Api(config.BOT_TOKEN, telegramClientOptions(config.BOT_API_ROOT)), knowledge: () => knowledge, ratePerSecond: config.BROADCAST_RATE, logger });
  const update = publisher.find(id);

  const abort = new AbortController();
  const onSignal = () => {
    process.stderr.write("\nStopping after the messages in flight; run the same command again to resume.\n");
    abort.abort();
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  const tty = process.stderr.isTTY;
  let lastDraw = 0;
  console.log(`Publishing "${update.title}" (${update.id}) to ${await store.countActive()} active subscriber(s) at ${config.BROADCAST_RATE} msg/s…`);
  try {
    const result = await publisher.publish(id, {
      signal: abort.signal,
      onProgress: (p) => {
        if (!tty) return;
        const t = Date.now();
        if (t - lastDraw < 100 && p.done < p.total) return;
        lastDraw = t;
        process.stderr.write(`\r${progressBar(p)}`);
      },
    });
    if (tty) process.stderr.write("\n");
    const s = result.summary.byStatus;
    console.log(
      `${result.stopped ? "Stopped" : "Done"}: sent ${s.sent}, deactivated ${s.deactivated}, failed ${s.failed}, unknown ${s.unknown}, skipped ${s.skipped}, still pending ${s.pending}; duration ${(result.durationMs / 1000).toFixed(1)} s`,
    );
    if (result.unreachable) console.log("Telegram stayed unreachable for too long: run the same command again to send the rest (nothing is sent twice).");
    if (s.unknown > 0) console.log(`${s.unknown} message(s) were sent but Telegram's answer was lost (network, or a run killed mid-send): Telegram may have delivered them, so they are not resent (see README).`);
    if (s.failed > 0) console.log(`${s.failed} message(s) failed; those that failed on a passing fault are tried again by the next run.`);
    return result.stopped ? 2 : 0;
  } finally {
    await store.close();
  }
}

runCli("publish", main, [ConfigError, KnowledgeError, StoreError, UnknownUpdateError, BroadcastBusyError, BroadcastFatalError]);
