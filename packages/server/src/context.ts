import type { Config } from './config.js';
import type { Db } from './db/connect.js';
import type { Keyring } from './crypto/secret-box.js';
import type { Registry } from 'prom-client';
import type { Mailer } from './users/mailer.js';

/** What every feature needs from the outside world, passed explicitly so tests can swap the clock. */
export interface AppContext {
  config: Config;
  db: Db;
  keyring: Keyring;
  now: () => Date;
  mailer: Mailer;
  /** This instance's Prometheus registry, served at /metrics. */
  metrics: Registry;
}

export const isoNow = (ctx: Pick<AppContext, 'now'>) => ctx.now().toISOString();
