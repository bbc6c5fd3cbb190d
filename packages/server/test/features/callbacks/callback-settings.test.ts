import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectEnvelope,
  signup,
  startTestApp,
  testDatabaseUrl,
  type TestApp,
} from '../../support/test-app.js';

let t: TestApp;
let prod: TestApp;
beforeAll(async () => {
  [t, prod] = await Promise.all([startTestApp(), startTestApp({ SIGNET_MODE: 'production' })]);
});
afterAll(async () => {
  await Promise.all([t.close(), prod.close()]);
});

async function activeProdRoot() {
  const root = await signup(prod.app);
  await prod.ctx.db.kysely
    .updateTable('accounts')
    .set({ status: 'active' })
    .where('id', '=', root.body.account.id)
    .execute();
  return root;
}

describe('callback URL', () => {
  it('starts unset, can be set, normalised and cleared', async () => {
    const root = await signup(t.app);
    expect((await root.request('GET', '/callback-settings')).json()).toEqual({ callback_url: null });
    const put = await root.request('PUT', '/callback-settings', {
      callback_url: '  https://Merchant.Example/cb?x=1 ',
    });
    expect(put.json()).toEqual({ callback_url: 'https://merchant.example/cb?x=1' });
    expect((await root.request('GET', '/callback-settings')).json()).toEqual({
      callback_url: 'https://merchant.example/cb?x=1',
    });
    expect((await root.request('PUT', '/callback-settings', { callback_url: null })).json()).toEqual({
      callback_url: null,
    });
  });

  it('production mode accepts https only', async () => {
    const root = await activeProdRoot();
    const bad = expectEnvelope(
      await root.request('PUT', '/callback-settings', { callback_url: 'http://merchant.example/cb' }),
      422,
      'validation_failed',
    );
    expect(bad.error.details).toEqual([{ field: 'callback_url', message: expect.stringMatching(/https/) }]);
    expect(
      (await root.request('PUT', '/callback-settings', { callback_url: 'https://merchant.example/cb' }))
        .statusCode,
    ).toBe(200);
  });

  it('sandbox mode accepts http', async () => {
    const root = await signup(t.app);
    expect(
      (await root.request('PUT', '/callback-settings', { callback_url: 'http://127.0.0.1:9999/cb' }))
        .statusCode,
    ).toBe(200);
  });

  it.each([
    ['not a url', 'absolute URL'],
    ['ftp://merchant.example/cb', 'https'],
    ['https://user:pw@merchant.example/cb', 'user name'],
    ['https://merchant.example/cb#frag', 'fragment'],
    [`https://merchant.example/${'a'.repeat(2100)}`, '2048'],
    ['javascript:alert(1)', 'https'],
  ])('rejects %s', async (url, message) => {
    const root = await signup(t.app);
    const res = expectEnvelope(
      await root.request('PUT', '/callback-settings', { callback_url: url }),
      422,
      'validation_failed',
    );
    expect(res.error.details[0]).toMatchObject({
      field: 'callback_url',
      message: expect.stringContaining(message),
    });
  });

  it('rejects a missing or non-string field', async () => {
    const root = await signup(t.app);
    expectEnvelope(await root.request('PUT', '/callback-settings', {}), 422, 'validation_failed');
    expectEnvelope(
      await root.request('PUT', '/callback-settings', { callback_url: 42 }),
      422,
      'validation_failed',
    );
  });
});

describe('callback secret', () => {
  it('exists from signup, each view is audited, regeneration replaces it', async () => {
    const root = await signup(t.app);
    const first = (await root.request('GET', '/callback-settings/secret')).json().callback_secret;
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await root.request('GET', '/callback-settings/secret')).json().callback_secret).toBe(first);
    const regenerated = (await root.request('POST', '/callback-settings/secret')).json().callback_secret;
    expect(regenerated).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(regenerated).not.toBe(first);
    expect((await root.request('GET', '/callback-settings/secret')).json().callback_secret).toBe(regenerated);

    const log = (await root.request('GET', '/audit-log?limit=100')).json().data as {
      action: string;
      actor: string;
      ip: string;
    }[];
    expect(log.filter((e) => e.action === 'callback_secret.viewed')).toHaveLength(3);
    expect(log.filter((e) => e.action === 'callback_secret.regenerated')).toHaveLength(1);
    for (const e of log) {
      expect(e.actor).toBe(root.body.user.email);
      expect(e.ip).toBe('127.0.0.1');
    }
  });

  it('is encrypted at rest: neither the database nor its files contain it', async () => {
    const root = await signup(t.app);
    const secret = (await root.request('GET', '/callback-settings/secret')).json().callback_secret as string;
    const row = await t.ctx.db.kysely
      .selectFrom('accounts')
      .selectAll()
      .where('id', '=', root.body.account.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(row.callback_secret_key_id).toBe(t.ctx.keyring.current.id);
    if (!testDatabaseUrl) {
      // The whole SQLite file set, WAL included, as a backup thief would copy it.
      for (const f of fs.readdirSync(t.config.dataDir).filter((f) => f.startsWith('signet.db'))) {
        const bytes = fs.readFileSync(path.join(t.config.dataDir, f));
        expect(bytes.includes(Buffer.from(secret)), f).toBe(false);
      }
    }
  });

  it('the sealed value is bound to its account: moved to another row it does not open', async () => {
    const a = await signup(t.app);
    const b = await signup(t.app);
    const rowA = await t.ctx.db.kysely
      .selectFrom('accounts')
      .selectAll()
      .where('id', '=', a.body.account.id)
      .executeTakeFirstOrThrow();
    await t.ctx.db.kysely
      .updateTable('accounts')
      .set({
        callback_secret_enc: rowA.callback_secret_enc,
        callback_secret_key_id: rowA.callback_secret_key_id,
      })
      .where('id', '=', b.body.account.id)
      .execute();
    const res = await b.request('GET', '/callback-settings/secret');
    expect(res.statusCode).toBe(500);
    expect(res.json().error.code).toBe('internal_error');
    expect(res.body).not.toContain('ciphertext');
  });
});
