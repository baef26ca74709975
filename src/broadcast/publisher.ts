import { readFileSync } from "node:fs";
import { hostname } from "node:os";
import type { Knowledge, Source } from "../engine/knowledge/types.ts";
import type { Logger } from "../logger.ts";
import type { SubscriptionStore } from "../store/types.ts";
import { broadcast, isSharedSendPace, type BroadcastProgress, type BroadcastResult, type MessageSender } from "./broadcaster.ts";

export class UnknownUpdateError extends Error {
  constructor(id: string, known: string[]) {
    super(
      known.length > 0
        ? `Unknown update "${id}". Known updates (knowledge/updates/): ${known.join(", ")}`
        : `Unknown update "${id}": there is no update yet. Write knowledge/updates/<id>.md (see README) and try again.`,
    );
    this.name = "UnknownUpdateError";
  }
}

/**
 * When a process started, in clock ticks since boot (Linux /proc), or "" elsewhere: with the pid it tells this
 * process from a later one that was given the same pid.
 */
function startTicks(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (in parentheses, which may itself hold spaces): state is the 1st, start time the 20th.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return fields[0] === "Z" || fields[0] === "X" ? undefined : (fields[19] ?? "");
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ENOENT" ? undefined : "";
  }
}

/** "host:pid:start" of this process: the lease owner name. */
export const thisPublisher = () => `${hostname()}:${process.pid}:${startTicks(process.pid) ?? ""}`;

/**
 * Whether a lease owner is still alive. On this host: its pid exists, is not
 * a zombie (a publisher killed with kill -9 stays one until reaped, for good
 * where nothing reaps it, as with npm as PID 1 in a container) and is the same
 * process (same start time). Another host is presumed alive (its lease
 * expires on its own).
 */
export function isPublisherAlive(owner: string): boolean {
  const parts = /^(.*?):(\d+)(?::(\d*))?$/.exec(owner);
  if (!parts || parts[1] !== hostname()) return true;
  const pid = Number(parts[2]);
  const start = parts[3];
  if (!Number.isInteger(pid) || pid <= 0) return true;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  const now = startTicks(pid);
  if (now === undefined) return false;
  // Owners written by an older version carry no start time; without /proc nothing more can be told.
  return start === undefined || start === "" || now === "" || now === start;
}

/** Publishing as both `npm run publish` and /publier use it. */
export function createPublisher(deps: {
  store: SubscriptionStore;
  sender: MessageSender;
  /** The knowledge as it is now (it may be reloaded while the bot runs). */
  knowledge: () => Knowledge;
  ratePerSecond: number;
  logger: Logger;
}) {
  const updates = () => deps.knowledge().sources.filter((s) => s.kind === "update");
  return {
    knownUpdates: (): Source[] => updates(),
    find(id: string): Source {
      const update = updates().find((u) => u.id === id);
      if (!update) throw new UnknownUpdateError(id, updates().map((u) => u.id));
      return update;
    },
    /** Where the broadcast of an update stands (nothing sent yet: all zero). */
    summary: (id: string) => deps.store.summary(id),
    publish(id: string, options: { onProgress?: (p: BroadcastProgress) => void; signal?: AbortSignal } = {}): Promise<BroadcastResult> {
      const update = this.find(id);
      return broadcast({
        store: deps.store,
        sender: deps.sender,
        update,
        ratePerSecond: deps.ratePerSecond,
        owner: thisPublisher(),
        isOwnerAlive: isPublisherAlive,
        logger: deps.logger,
        ...(isSharedSendPace(deps.store) ? { sharedPace: deps.store } : {}),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
    },
  };
}

export type Publisher = ReturnType<typeof createPublisher>;
