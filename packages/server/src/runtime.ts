import type { FastifyInstance } from 'fastify';
import { buildApp, type AppOptions } from './app.js';
import type { Config } from './config.js';
import type { AppContext } from './context.js';
import { loadKeyring } from './crypto/master-key.js';
import { openDb, QUERY_TIMEOUT_MS, type DbOptions } from './db/connect.js';
import { migrateToLatest } from './db/migrate.js';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { createMailer } from './users/mailer.js';

export async function createContext(
  config: Config,
  extra: Pick<DbOptions, 'pgSchema'> & { now?: () => Date } = {},
): Promise<AppContext> {
  const keyring = loadKeyring(config);
  const db = await openDb({
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    pgSchema: extra.pgSchema,
  });
  try {
    await migrateToLatest(db);
  } catch (err) {
    await db.close();
    throw err;
  }
  db.limitQueryTime(QUERY_TIMEOUT_MS);
  const metrics = new Registry();
  collectDefaultMetrics({ register: metrics, prefix: 'signet_' });
  return {
    metrics,
    config,
    db,
    keyring,
    now: extra.now ?? (() => new Date()),
    mailer: createMailer(config.smtpUrl, config.smtpFrom),
  };
}

/** Everything `signet serve` runs, assembled in one place so tests start exactly the same thing. */
export async function createServer(ctx: AppContext, options: AppOptions = {}): Promise<FastifyInstance> {
  return buildApp(ctx, options);
}
