import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/platform/config.js';
import {
  expectEnvelope,
  signup,
  startTestApp,
  type DashboardUser,
  type TestApp,
} from '../../support/test-app.js';

/**
 * Issue 13, finding 6: keys per account are capped (SIGNET_MAX_API_KEYS_PER_ACCOUNT), and
 * `GET /api-keys` pages with `limit` / `starting_after` / `meta.has_more` like every other list.
 */

let t: TestApp;
let capped: TestApp;
beforeAll(async () => {
  [t, capped] = await Promise.all([startTestApp(), startTestApp({ SIGNET_MAX_API_KEYS_PER_ACCOUNT: '3' })]);
});
afterAll(async () => {
  await Promise.all([t.close(), capped.close()]);
});

const newKey = (user: DashboardUser, name = 'Shop backend') =>
  user.request('POST', '/api-keys', { name, permissions: ['invoices:read'], ip_whitelist: [] });

type Listed = { data: { id: string; name: string; api_secret?: string }[]; meta: { has_more: boolean } };

describe('settings', () => {
  it('SIGNET_MAX_API_KEYS_PER_ACCOUNT defaults to 100 and must be a positive integer', () => {
    expect(loadConfig({}).maxApiKeysPerAccount).toBe(100);
    expect(loadConfig({ SIGNET_MAX_API_KEYS_PER_ACCOUNT: '7' }).maxApiKeysPerAccount).toBe(7);
    for (const bad of ['0', '-3', 'lots', '1.5'])
      expect(() => loadConfig({ SIGNET_MAX_API_KEYS_PER_ACCOUNT: bad }), bad).toThrow(ConfigError);
  });
});

describe('keys per account are capped', () => {
  it('the key over the cap is a 409 that says why; deleting one makes room', async () => {
    const root = await signup(capped.app);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await newKey(root, `key ${i}`);
      expect(res.statusCode, res.body).toBe(201);
      ids.push(res.json().id);
    }
    const over = expectEnvelope(await newKey(root, 'one too many'), 409, 'conflict');
    expect(over.error.message).toBe(
      'this account already has 3 API keys, the most it may have; delete one first',
    );
    expect(((await root.request('GET', '/api-keys')).json() as Listed).data).toHaveLength(3);

    // The cap is per account.
    const other = await signup(capped.app);
    expect((await newKey(other)).statusCode).toBe(201);

    expect((await root.request('DELETE', `/api-keys/${ids[0]}`)).statusCode).toBe(204);
    expect((await newKey(root, 'replacement')).statusCode).toBe(201);
  });

  it('holds under concurrent creation: exactly the cap get through', async () => {
    const root = await signup(capped.app);
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => newKey(root, `racer ${i}`)));
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(3);
    for (const r of results.filter((r) => r.statusCode !== 201)) expectEnvelope(r, 409, 'conflict');
    const stored = await capped.ctx.db.kysely
      .selectFrom('api_keys')
      .select('id')
      .where('account_id', '=', root.body.account.id)
      .execute();
    expect(stored).toHaveLength(3);
  });
});

describe('GET /api-keys pages', () => {
  it('newest first, `limit` at a time, `starting_after` the last id, until `meta.has_more` is false', async () => {
    const root = await signup(t.app);
    const created: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await newKey(root, `key ${i}`);
      expect(res.statusCode).toBe(201);
      created.push(res.json().id);
      t.clock.advance(1000);
    }
    const newestFirst = [...created].reverse();

    const pages: Listed[] = [];
    let cursor: string | undefined;
    do {
      const res = await root.request('GET', `/api-keys?limit=2${cursor ? `&starting_after=${cursor}` : ''}`);
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json() as Listed;
      pages.push(page);
      cursor = page.data.at(-1)?.id;
      if (!page.meta.has_more) break;
    } while (pages.length < 10);
    expect(pages.map((p) => p.data.length)).toEqual([2, 2, 1]);
    expect(pages.map((p) => p.meta.has_more)).toEqual([true, true, false]);
    expect(pages.flatMap((p) => p.data.map((k) => k.id))).toEqual(newestFirst);
    expect(JSON.stringify(pages)).not.toContain('api_secret');
  });

  it('keys created in the same instant still page without gaps or repeats', async () => {
    const root = await signup(t.app);
    const created = new Set<string>();
    for (let i = 0; i < 7; i++) created.add((await newKey(root, `same ${i}`)).json().id);
    const seen: string[] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = (
        await root.request('GET', `/api-keys?limit=3${cursor ? `&starting_after=${cursor}` : ''}`)
      ).json() as Listed;
      seen.push(...page.data.map((k) => k.id));
      cursor = page.data.at(-1)?.id;
      if (!page.meta.has_more) break;
    }
    expect(seen).toHaveLength(7);
    expect(new Set(seen)).toEqual(created);
  });

  it('without a query it answers the same `data` as before, with `meta.has_more` (default limit 100)', async () => {
    const root = await signup(t.app);
    for (let i = 0; i < 3; i++) await newKey(root, `k${i}`);
    const res = (await root.request('GET', '/api-keys')).json() as Listed;
    expect(res.data).toHaveLength(3);
    expect(res.meta).toEqual({ has_more: false });
  });

  it('a cursor that is not one of the account’s keys, or a bad limit, is a 422', async () => {
    const root = await signup(t.app);
    const other = await signup(t.app);
    const foreign = (await newKey(other)).json().id as string;
    await newKey(root);
    const unknown = expectEnvelope(
      await root.request('GET', `/api-keys?starting_after=${foreign}`),
      422,
      'validation_failed',
    );
    expect(unknown.error.details).toEqual([
      { field: 'querystring.starting_after', message: 'must be an API key id' },
    ]);
    expectEnvelope(await root.request('GET', '/api-keys?limit=0'), 422, 'validation_failed');
    expectEnvelope(await root.request('GET', '/api-keys?limit=101'), 422, 'validation_failed');
  });
});
