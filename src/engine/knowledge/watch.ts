import { watch, type FSWatcher } from "node:fs";

/** Editors' temporary and backup files, and drafts: never worth a reload. */
const IGNORED = /(?:^|\/)(?:\.|_)|~$|\.(?:swp|swx|tmp|bak)$|\.\d+\.tmp$/;

/**
 * Calls `onChange` once the files under `dir` have stopped changing for
 * `debounceMs` (an editor's save is several events; a `git pull` many).
 * Returns a function that stops watching.
 */
export function watchKnowledge(dir: string, onChange: (files: string[]) => void, options: { debounceMs?: number } = {}): () => void {
  const debounceMs = options.debounceMs ?? 300;
  let timer: NodeJS.Timeout | undefined;
  const changed = new Set<string>();
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(dir, { recursive: true, persistent: false }, (_event, file) => {
      const name = String(file ?? "");
      if (name !== "" && IGNORED.test(name)) return;
      changed.add(name);
      clearTimeout(timer);
      timer = setTimeout(() => {
        const files = [...changed];
        changed.clear();
        onChange(files);
      }, debounceMs);
    });
  } catch {
    // No file watching here (some network file systems): reloads still happen on /publier and npm run publish.
    return () => undefined;
  }
  return () => {
    clearTimeout(timer);
    watcher?.close();
  };
}
