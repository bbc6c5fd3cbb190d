import type { FastifyBaseLogger } from 'fastify';
import type { Registry } from 'prom-client';
import type { Config } from './config.js';
import type { Keyring } from './crypto/secret-box.js';
import type { Db } from './db/connect.js';
import type { Mailer } from './mail/mailer.js';
import type { PermissionCatalogue } from './permission-catalogue.js';
import type { Signals } from './signals.js';

/**
 * The small core every entry point builds the same way (`signet serve`, `signet worker`, the CLI,
 * tests): passed explicitly, so tests can swap the clock. Per-app HTTP state is not here but
 * decorated onto the Fastify instance by the feature that owns it.
 */
export interface AppContext {
  config: Config;
  db: Db;
  keyring: Keyring;
  now: () => Date;
  mailer: Mailer;
  /** This instance's Prometheus registry, served at /metrics. */
  metrics: Registry;
  /** Committed changes announced within this process (and relayed from others on PostgreSQL). */
  signals: Signals;
  log: FastifyBaseLogger;
  /** The permission ids keys can be granted now (the features' contributions, from the config). */
  permissions: PermissionCatalogue;
}

export const isoNow = (ctx: Pick<AppContext, 'now'>) => ctx.now().toISOString();
