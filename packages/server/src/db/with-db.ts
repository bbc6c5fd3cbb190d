import type { Config } from '../config.js';
import { openDb, type Db } from './connect.js';
import { migrateToLatest } from './migrate.js';

/** For one-shot CLI commands: open, bring the schema up to date, run, always close. */
export async function withDb<T>(cfg: Config, fn: (db: Db) => Promise<T>): Promise<T> {
  const db = await openDb({ dataDir: cfg.dataDir, databaseUrl: cfg.databaseUrl });
  try {
    await migrateToLatest(db);
    return await fn(db);
  } finally {
    await db.close();
  }
}
