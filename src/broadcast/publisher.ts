import { hostname } from "node:os";
import type { Knowledge, Source } from "../engine/knowledge/types.ts";
import type { Logger } from "../logger.ts";
import type { SubscriptionStore } from "../store/types.ts";
import { broadcast, type BroadcastProgress, type BroadcastResult, type MessageSender } from "./broadcaster.ts";

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

/** "host:pid" of this process: the lease owner name. */
export const thisPublisher = () => `${hostname()}:${process.pid}`;

/**
 * Whether a lease owner is still alive. On this host it is checked with
 * signal 0; another host is presumed alive (its lease expires on its own).
 */
export function isPublisherAlive(owner: string): boolean {
  const at = owner.lastIndexOf(":");
  const host = owner.slice(0, at);
  const pid = Number(owner.slice(at + 1));
  if (host !== hostname() || !Number.isInteger(pid)) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Publishing as both `npm run publish` and /publier use it. */
export function createPublisher(deps: { store: SubscriptionStore; sender: MessageSender; knowledge: Knowledge; ratePerSecond: number; logger: Logger }) {
  const updates = () => deps.knowledge.sources.filter((s) => s.kind === "update");
  return {
    knownUpdates: (): Source[] => updates(),
    find(id: string): Source {
      const update = updates().find((u) => u.id === id);
      if (!update) throw new UnknownUpdateError(id, updates().map((u) => u.id));
      return update;
    },
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
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
    },
  };
}

export type Publisher = ReturnType<typeof createPublisher>;
