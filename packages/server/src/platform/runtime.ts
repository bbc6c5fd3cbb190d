import { collectDefaultMetrics, Registry } from 'prom-client';
import type { Config } from './config.js';
import type { AppContext } from './context.js';
import { loadKeyring } from './crypto/master-key.js';
import { openDb, QUERY_TIMEOUT_MS, type DbOptions } from './db/connect.js';
import { migrateToLatest } from './db/migrate.js';
import { migrationsOf, permissionsOf, type Feature } from './feature.js';
import { createLogger } from './logger.js';
import { createMailer } from './mail/mailer.js';
import { buildCatalogue } from './permission-catalogue.js';
import { Signals } from './signals.js';

export interface ContextOptions extends Pick<DbOptions, 'pgSchema'> {
  now?: () => Date;
  /** pino destination (tests capture logs). */
  logStream?: NodeJS.WritableStream;
}

/**
 * The core context of `signet serve`, `signet worker`, every CLI command and every test: the
 * database brought up to the features' schema, the keyring, the clock, logger, metrics, signals.
 */
export async function createContext(
  config: Config,
  features: readonly Feature[],
  options: ContextOptions = {},
): Promise<AppContext> {
  // Before anything is opened: a catalogue conflict is a configuration error (exit 2).
  const permissions = buildCatalogue(permissionsOf(features, config));
  const keyring = loadKeyring(config);
  const db = await openDb({
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    pgSchema: options.pgSchema,
  });
  try {
    await migrateToLatest(db, migrationsOf(features));
  } catch (err) {
    await db.close();
    throw err;
  }
  db.limitQueryTime(QUERY_TIMEOUT_MS);
  const metrics = new Registry();
  collectDefaultMetrics({ register: metrics, prefix: 'signet_' });
  const ctx: AppContext = {
    metrics,
    config,
    db,
    keyring,
    now: options.now ?? (() => new Date()),
    mailer: createMailer(config.smtpUrl, config.smtpFrom),
    signals: new Signals(),
    log: createLogger(config, options.logStream),
    permissions,
  };
  for (const feature of features) feature.metrics?.(ctx);
  return ctx;
}
