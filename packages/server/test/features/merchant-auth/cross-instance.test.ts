import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sleep, waitUntil } from '../../support/eventually.js';
import { signup, startPeerApp, type DashboardUser, type TestApp } from '../../support/test-app.js';
import {
  createKey,
  merchantFeatures,
  signedCallOn,
  startMerchantTestApp,
  type CreatedKey,
} from './merchant-test-kit.js';

// Two instances on one database: `a` takes the dashboard actions, `b` serves the merchant API.
let a: TestApp;
let b: TestApp;
let root: DashboardUser;
beforeAll(async () => {
  a = await startMerchantTestApp();
  b = await startPeerApp(a, { features: merchantFeatures });
  root = await signup(a.app, 'Two Instances');
});
afterAll(async () => {
  await b.close();
  await a.close();
});

const onB = (key: CreatedKey) =>
  signedCallOn(b.app, new Date(), key, { method: 'GET', path: '/api/test/echo' });

/** Milliseconds until `b` stops answering 200 for the key (gives up after 3 s). */
async function msUntilRejectedOnB(key: CreatedKey, started: number): Promise<number> {
  while (performance.now() - started < 3000) {
    const res = await onB(key);
    if (res.statusCode !== 200) {
      expect(res.statusCode).toBe(401);
      return performance.now() - started;
    }
    await sleep(20);
  }
  return Infinity;
}

/**
 * Uses the key on `b` until `b` holds it in its cache: a look-up that overlaps the key's own
 * creation notice is (rightly) not cached, so the first use may not stick.
 */
async function cachedOnB(key: CreatedKey): Promise<CreatedKey> {
  const cache = b.app.keyAuth.cache;
  const cached = await waitUntil(
    async () => (await onB(key)).statusCode === 200 && cache.has(key.api_key),
    1000,
  );
  expect(cached).toBe(true);
  return key;
}

describe('a key deleted on one instance', () => {
  it('is refused by the other within a second', async () => {
    const key = await createKey(root, ['invoices:read']);
    expect((await onB(key)).statusCode).toBe(200); // now cached on b
    const started = performance.now();
    expect((await root.request('DELETE', `/api-keys/${key.id}`)).statusCode).toBe(204);
    expect(await msUntilRejectedOnB(key, started)).toBeLessThan(1000);
  });

  it('is refused within a second even when no notification arrives', async () => {
    const key = await createKey(root, ['invoices:read']);
    expect((await onB(key)).statusCode).toBe(200);
    const started = performance.now();
    // Removed behind every cache's back: only the bounded staleness can catch this.
    await a.ctx.db.kysely.deleteFrom('api_keys').where('id', '=', key.id).execute();
    expect(await msUntilRejectedOnB(key, started)).toBeLessThan(1000);
  });
});

// LISTEN/NOTIFY exists only on PostgreSQL; on SQLite the tests above cover the same guarantee.
if (process.env.TEST_DATABASE_URL) {
  describe('PostgreSQL notifications', () => {
    it('reach the other instance when the deletion commits', async () => {
      const cache = b.app.keyAuth.cache;
      const key = await cachedOnB(await createKey(root, ['invoices:read']));
      expect((await root.request('DELETE', `/api-keys/${key.id}`)).statusCode).toBe(204);
      // Nothing else removes an entry this soon (the sweep runs every 5 s): this is the NOTIFY.
      expect(await waitUntil(() => !cache.has(key.api_key), 500)).toBe(true);
      expect((await onB(key)).statusCode).toBe(401);
    });

    it('make a key created on one instance usable at once on the other', async () => {
      const cache = b.app.keyAuth.cache;
      const before = cache.size;
      const key = await createKey(root, ['invoices:read']);
      expect(await waitUntil(() => !cache.has(key.api_key), 500)).toBe(true);
      expect(cache.size).toBeLessThanOrEqual(before);
      expect((await onB(key)).statusCode).toBe(200);
    });

    it('are listened for again after the connection is lost, and the cache starts over', async () => {
      const cache = b.app.keyAuth.cache;
      const key = await cachedOnB(await createKey(root, ['invoices:read']));
      const channel = `signet_${(await sql<{ s: string }>`select current_schema() as s`.execute(a.ctx.db.kysely)).rows[0]!.s}`;
      const listeners = async () =>
        (
          await sql<{
            pid: number;
          }>`select pid from pg_stat_activity where query = ${`LISTEN ${channel}`}`.execute(a.ctx.db.kysely)
        ).rows.map((r) => r.pid);
      const before = await listeners();
      expect(before).toHaveLength(2); // one per instance
      for (const pid of before) await sql`select pg_terminate_backend(${pid})`.execute(a.ctx.db.kysely);
      expect(await waitUntil(() => cache.size === 0, 1000)).toBe(true);
      const reconnected = async () => (await listeners()).filter((p) => !before.includes(p)).length === 2;
      expect(await waitUntil(reconnected, 3000)).toBe(true);

      await cachedOnB(key);
      expect((await root.request('DELETE', `/api-keys/${key.id}`)).statusCode).toBe(204);
      expect(await waitUntil(() => !cache.has(key.api_key), 500)).toBe(true);
    });
  });
}
