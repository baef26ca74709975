/**
 * How a command-line tool ends: its exit code, or on an error it knows (a bad configuration, knowledge or store,
 * whose message says what to do) that message alone, else "<name> failed: …"; exit code 1 either way.
 */
export function runCli(name: string, main: () => Promise<number>, known: ReadonlyArray<abstract new (...args: never[]) => Error>): void {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      const message = (error as Error).message ?? String(error);
      console.error(known.some((E) => error instanceof E) ? message : `${name} failed: ${message}`);
      process.exitCode = 1;
    },
  );
}
