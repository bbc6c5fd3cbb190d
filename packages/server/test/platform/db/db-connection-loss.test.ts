import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../../src/platform/db/connect.js';
import { isDatabaseUnavailable } from '../../../src/platform/http/error-handler.js';
import { testDatabaseUrl } from '../../support/test-app.js';

/**
 * Regression (found by test/reliability/postgres-restart.test.ts): a pooled connection that is
 * checked out — held by a transaction between two queries — when PostgreSQL terminates it
 * (pg_ctl stop -m fast, a failover) emitted an unhandled 'error' event and killed the process.
 * It must instead fail the next query as "database unavailable" and leave the pool usable.
 */
describe.runIf(testDatabaseUrl)('a checked-out PostgreSQL connection terminated by the server', () => {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  let db: Db | undefined;
  afterAll(async () => {
    await db?.close();
    const c = new pg.Client({ connectionString: testDatabaseUrl });
    await c.connect();
    await c.query(`drop schema if exists ${schema} cascade`);
    await c.end();
  });

  it('does not crash the process; the next query is a database-unavailable error', async () => {
    db = await openDb({ dataDir: '/nonexistent', databaseUrl: testDatabaseUrl, pgSchema: schema });
    const uncaught: unknown[] = [];
    const onUncaught = (err: unknown) => uncaught.push(err);
    process.on('uncaughtException', onUncaught);
    let failure: unknown;
    try {
      await db.kysely.transaction().execute(async (trx) => {
        const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
        const admin = new pg.Client({ connectionString: testDatabaseUrl });
        await admin.connect();
        try {
          await admin.query('select pg_terminate_backend($1)', [rows[0]!.pid]);
        } finally {
          await admin.end();
        }
        // The FATAL 57P01 arrives while no query is active on this client.
        await new Promise((r) => setTimeout(r, 300));
        await sql`select 1`.execute(trx);
      });
    } catch (err) {
      failure = err;
    } finally {
      process.off('uncaughtException', onUncaught);
    }
    expect(uncaught).toEqual([]);
    expect(isDatabaseUnavailable(failure), String(failure)).toBe(true);
    // The broken client was discarded: the pool serves new queries.
    const { rows } = await sql<{ one: number }>`select 1 as one`.execute(db.kysely);
    expect(rows[0]!.one).toBe(1);
  });

  it('a query the server does not answer in time fails as unavailable; its transaction is not committed', async () => {
    // Regression (found by freezing PostgreSQL under load): a query on an established connection
    // to a server that stopped answering hung forever — no timeout applied to it.
    const timed = await openDb({ dataDir: '/nonexistent', databaseUrl: testDatabaseUrl, pgSchema: schema });
    try {
      await sql`create table if not exists slow_probe (id int)`.execute(timed.kysely);
      timed.limitQueryTime(300);
      const started = Date.now();
      let failure: unknown;
      try {
        await timed.kysely.transaction().execute(async (trx) => {
          await sql`insert into slow_probe values (1)`.execute(trx);
          await sql`select pg_sleep(3)`.execute(trx);
        });
      } catch (err) {
        failure = err;
      }
      expect(Date.now() - started).toBeLessThan(2000);
      expect(isDatabaseUnavailable(failure), String(failure)).toBe(true);
      // The pool is healthy and nothing of the timed-out transaction was committed, even once the
      // server finished the statement.
      await new Promise((r) => setTimeout(r, 500));
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from slow_probe`.execute(
        timed.kysely,
      );
      expect(rows[0]!.n).toBe(0);
      await sql`select pg_sleep(0.05)`.execute(timed.kysely);
    } finally {
      await timed.close();
    }
  });
});
