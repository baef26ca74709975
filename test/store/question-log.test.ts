import { SqliteStore } from "../../src/store/sqlite-store.ts";
import { questionLogContract } from "./question-log.contract.ts";

questionLogContract("SQLite", async () => new SqliteStore(":memory:"));
