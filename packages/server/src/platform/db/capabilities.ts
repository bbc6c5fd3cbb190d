import { sql, type SelectQueryBuilder, type Transaction } from 'kysely';
import pg from 'pg';
import type { Signals } from '../signals.js';
import type { Database } from './database.js';

/**
 * Everything that differs between SQLite and PostgreSQL at run time, in one object, so features
 * never branch on the dialect. (Migrations learn the dialect through their factory.)
 */
export interface DbCapabilities {
  /** Several processes may use this database at once (PostgreSQL); SQLite is one process per file. */
  shared: boolean;
  /** A commit waits for the disk on the event loop's own thread (SQLite): fewer commits is everything. */
  blockingCommits: boolean;
  /** Inside a transaction: tell every other instance at commit (never for a rollback). No-op on SQLite. */
  notify(trx: Transaction<Database>, topic: string, payload: string): Promise<void>;
  /** Relays other instances' `notify` into `signals` until closed; `signals.gap()` on (re)connect. */
  listen(signals: Signals, log: ListenLog): Promise<{ close(): Promise<void> }>;
  /** Rows claimed by one worker are skipped, not waited for, by the others. */
  skipLocked<DB, TB extends keyof DB, O>(query: SelectQueryBuilder<DB, TB, O>): SelectQueryBuilder<DB, TB, O>;
  /** For a transaction whose loss in a crash is harmless (a lease): do not wait for the disk. */
  relaxDurability(trx: Transaction<Database>): Promise<void>;
}

export interface ListenLog {
  warn(obj: object, msg: string): void;
}

export const sqliteCapabilities: DbCapabilities = {
  shared: false,
  blockingCommits: true,
  notify: async () => undefined,
  listen: async () => ({ close: async () => undefined }),
  skipLocked: (query) => query,
  relaxDurability: async () => undefined,
};

/** One channel per PostgreSQL schema: NOTIFY is database-wide, and other schemas are other deployments. */
const CHANNEL_EXPRESSION = "'signet_' || left(current_schema(), 50)";
const channelSql = sql.raw<string>(CHANNEL_EXPRESSION);
const SEPARATOR = '\n';
const RECONNECT_DELAY_MS = 1000;

export function postgresCapabilities(
  connectionString: string,
  schema: string | undefined,
  query: (text: string) => Promise<string>,
): DbCapabilities {
  return {
    shared: true,
    blockingCommits: false,
    async notify(trx, topic, payload) {
      await sql`select pg_notify(${channelSql}, ${topic + SEPARATOR + payload})`.execute(trx);
    },
    async listen(signals, log) {
      const channel = await query(`select ${CHANNEL_EXPRESSION} as v`);
      if (!/^[a-z0-9_]+$/.test(channel)) throw new Error(`unexpected notification channel ${channel}`);
      return listenOn(connectionString, schema, channel, signals, log);
    },
    skipLocked: (q) => q.forUpdate().skipLocked(),
    async relaxDurability(trx) {
      await sql`set local synchronous_commit = off`.execute(trx);
    },
  };
}

/**
 * LISTEN on a dedicated connection (a pooled one would lose the LISTEN when returned). Whenever
 * it is lost or (re)established, notifications may have been missed: `signals.gap()`.
 */
async function listenOn(
  connectionString: string,
  schema: string | undefined,
  channel: string,
  signals: Signals,
  log: ListenLog,
): Promise<{ close(): Promise<void> }> {
  let closed = false;
  let client: pg.Client | null = null;
  let retry: NodeJS.Timeout | null = null;

  const scheduleReconnect = () => {
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = null;
      void connect();
    }, RECONNECT_DELAY_MS);
    retry.unref();
  };

  async function connect(): Promise<void> {
    const c = new pg.Client({
      connectionString,
      connectionTimeoutMillis: 5000,
      ...(schema ? { options: `-c search_path=${schema}` } : {}),
    });
    client = c;
    let lost = false;
    const onLost = () => {
      if (lost) return;
      lost = true;
      signals.gap();
      if (client === c) client = null;
      void c.end().catch(() => undefined);
      scheduleReconnect();
    };
    c.on('error', onLost);
    c.on('end', onLost);
    c.on('notification', (msg) => {
      if (msg.channel !== channel || msg.payload === undefined) return;
      const at = msg.payload.indexOf(SEPARATOR);
      if (at > 0) signals.emit(msg.payload.slice(0, at), msg.payload.slice(at + 1));
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${channel}`);
      if (closed) return void (await c.end().catch(() => undefined));
      signals.gap();
    } catch (err) {
      if (!closed)
        log.warn({ err: { message: (err as Error).message } }, 'notification listener failed to connect');
      onLost();
    }
  }

  await connect();
  return {
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      const c = client;
      client = null;
      if (c) {
        c.removeAllListeners('end');
        c.removeAllListeners('error');
        c.on('error', () => undefined);
        await c.end().catch(() => undefined);
      }
    },
  };
}
