import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { postgresCapabilities, sqliteCapabilities, type DbCapabilities } from './capabilities.js';
import type { Database } from './database.js';

// bigserial ids and counts arrive as int8; they stay far below 2^53, so plain numbers are safe.
pg.types.setTypeParser(20, (v) => Number(v));

export type Dialect = 'sqlite' | 'postgres';

export interface Db {
  kysely: Kysely<Database>;
  /** For migrations only; run-time differences go through `capabilities`. */
  dialect: Dialect;
  capabilities: DbCapabilities;
  close(): Promise<void>;
  /**
   * PostgreSQL: from now on, a query not answered within `ms` has its connection closed, so it
   * fails as "database unavailable" (a 503) instead of hanging while the server is frozen or the
   * network drops packets. Set after migrations, which may legitimately run long. No-op on SQLite.
   */
  limitQueryTime(ms: number | undefined): void;
}

/** Request-serving queries are small; one slower than this means the database is not answering. */
export const QUERY_TIMEOUT_MS = 5000;

export interface DbOptions {
  dataDir: string;
  databaseUrl: string | undefined;
  /** PostgreSQL schema to use (tests give each run its own); created when missing. */
  pgSchema?: string;
  pgPoolSize?: number;
}

export async function openDb(options: DbOptions): Promise<Db> {
  return options.databaseUrl ? openPostgres(options.databaseUrl, options) : openSqlite(options.dataDir);
}

function openSqlite(dataDir: string): Db {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = new SQLite(path.join(dataDir, 'signet.db'));
  // WAL lets readers run beside the writer; FULL makes every commit durable across power loss / kill -9.
  file.pragma('journal_mode = WAL');
  file.pragma('synchronous = FULL');
  file.pragma('foreign_keys = ON');
  file.pragma('busy_timeout = 5000');
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: file }) });
  return {
    kysely,
    dialect: 'sqlite',
    capabilities: sqliteCapabilities,
    close: () => kysely.destroy(),
    limitQueryTime: () => undefined,
  };
}

async function openPostgres(url: string, options: DbOptions): Promise<Db> {
  const schema = options.pgSchema;
  if (schema && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name ${schema}`);
  const pool = new pg.Pool({
    connectionString: url,
    max: options.pgPoolSize ?? 10,
    connectionTimeoutMillis: 5000,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle client losing its connection (database restart) must not crash the process.
  pool.on('error', () => undefined);
  // Nor may a checked-out one: pg-pool listens for errors only on idle clients, so a client held
  // between two queries (inside a transaction) that hears "terminating connection" (57P01) from a
  // stopping server would emit an unhandled 'error' and kill the process. The next query on it
  // fails as "not queryable" (a 503), and the pool discards it on release.
  let queryTimeoutMs: number | undefined;
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
    limitQueries(client, () => queryTimeoutMs);
  });
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  if (schema) await sql`create schema if not exists ${sql.id(schema)}`.execute(kysely);
  return {
    kysely,
    dialect: 'postgres',
    capabilities: postgresCapabilities(url, schema, async (text) => {
      const { rows } = await pool.query<{ v: string }>(text);
      return rows[0]!.v;
    }),
    close: () => kysely.destroy(),
    limitQueryTime: (ms) => {
      queryTimeoutMs = ms;
    },
  };
}

/**
 * Closes the connection of a query that outlives the limit. pg's own `query_timeout` only stops
 * waiting: the connection stays checked in with the statement (maybe a BEGIN…) still pending, and
 * the next borrower's queries would run behind it — inside another request's transaction. Closing
 * the socket instead fails that query and everything queued on it ("Connection terminated"), never
 * commits a half-done transaction, and the pool discards the client on release.
 */
function limitQueries(client: pg.PoolClient, limit: () => number | undefined) {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  const socket = () =>
    (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    const result = query(...args);
    const ms = limit();
    if (ms && result instanceof Promise) {
      const timer = setTimeout(() => socket()?.destroy(), ms);
      timer.unref();
      result.then(
        () => clearTimeout(timer),
        () => clearTimeout(timer),
      );
    }
    return result;
  };
}
