import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import vectors from '../../../../client/test/fixtures/signatures.json' with { type: 'json' };
import { setAccountStatus } from '../../../src/features/accounts/account-store.js';
import { insertApiKey } from '../../../src/features/api-keys/api-key-store.js';
import { signRequest } from '@signet/client';
import { expectEnvelope, signup, type DashboardUser, type TestApp } from '../../support/test-app.js';
import { createKey, signedCall, startMerchantTestApp, type CreatedKey } from './merchant-test-kit.js';

let t: TestApp;
let root: DashboardUser;
let key: CreatedKey;
beforeAll(async () => {
  t = await startMerchantTestApp();
  root = await signup(t.app, 'Merchant Co');
  key = await createKey(root);
});
afterAll(() => t.close());

const reasonOf = (body: { error: { details: Record<string, unknown>[] } }) => body.error.details[0]?.reason;

async function expect401(res: Awaited<ReturnType<typeof signedCall>>, reason: string) {
  const body = expectEnvelope(res, 401, 'unauthenticated');
  expect(body.error.message).toBe('unauthenticated');
  expect(reasonOf(body)).toBe(reason);
  return body;
}

describe('a correctly signed request', () => {
  it('reaches the route with the key, its account and the body as received', async () => {
    const ok = await signedCall(t, key, { method: 'GET', path: '/api/test/echo' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().data).toEqual({ api_key: key.api_key, account_id: root.body.account.id, body_md5: '' });
    expect(ok.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);

    const body = '{"amount":1e2,"note":"caf\\u00e9 \\/ x"}';
    const post = await signedCall(t, key, { method: 'POST', path: '/api/test/echo', body });
    expect(post.statusCode).toBe(200);
    expect(post.json().data.body_md5).toBe((await import('@signet/client')).bodyMd5(body));
  });

  it('verifies every request vector of the protocol against a key holding the vector secret', async () => {
    const seen = new Set<string>();
    for (const v of vectors.requests) {
      if (!seen.has(v.api_key)) {
        seen.add(v.api_key);
        await insertApiKey(t.ctx, t.ctx.db.kysely, {
          accountId: root.body.account.id,
          name: v.name,
          permissions: ['invoices:read', 'invoices:write', 'customers:write'],
          ipWhitelist: [],
          createdBy: 'vectors',
          apiKey: v.api_key,
          apiSecret: v.api_secret,
        });
      }
      t.clock.now = new Date(Date.parse(v.date) + 60_000);
      const res = await t.app.inject({
        method: v.method as 'GET',
        url: v.path,
        headers: { authorization: v.authorization, date: v.date, 'content-type': v.content_type },
        ...(v.body === '' ? {} : { payload: v.body }),
      });
      expect(res.statusCode, `${v.name}: ${res.body}`).toBe(200);
    }
    t.clock.now = new Date();
  });

  it('accepts a body of any content type, hashed as sent', async () => {
    const body = Buffer.from([0xff, 0x00, 0x10, 0x80]);
    const res = await signedCall(t, key, {
      method: 'POST',
      path: '/api/test/echo',
      body,
      contentType: 'application/octet-stream',
    });
    expect(res.statusCode).toBe(200);
    const text = await signedCall(t, key, {
      method: 'POST',
      path: '/api/test/echo',
      body: 'plain words',
      contentType: 'text/plain; charset=utf-8',
    });
    expect(text.statusCode).toBe(200);
  });

  it('signs an empty Content-Type as the empty string', async () => {
    const res = await signedCall(t, key, { method: 'GET', path: '/api/test/echo', contentType: '' });
    expect(res.statusCode).toBe(200);
  });
});

describe('authentication failures are 401 with a reason', () => {
  const get = (headers: Record<string, string>) =>
    t.app.inject({
      method: 'GET',
      url: '/api/test/echo',
      headers: { date: t.clock.now.toUTCString(), ...headers },
    });

  it('malformed Authorization headers', async () => {
    await expect401(await get({}), 'malformed_authorization');
    await expect401(await get({ authorization: `HMAC ${key.api_key}` }), 'malformed_authorization'); // no colon
    await expect401(
      await get({ authorization: 'HMAC :c2lnbmF0dXJlAAAAAAAAAAAAAAAAAAA=' }),
      'malformed_authorization',
    );
    await expect401(await get({ authorization: `Bearer ${key.api_key}:abc=` }), 'malformed_authorization');
    await expect401(await get({ authorization: 'HMAC k\u00e9y:abcd' }), 'malformed_authorization');
    await expect401(
      await get({ authorization: `HMAC ${'a'.repeat(10 * 1024)}:abcd` }),
      'malformed_authorization',
    );
  });

  it('a signed header sent twice is refused, even when the first copy is valid', async () => {
    const signed = signRequest({
      apiKey: key.api_key,
      apiSecret: key.api_secret,
      method: 'GET',
      path: '/api/test/echo',
      date: t.clock.now.toUTCString(),
    });
    const ok = await t.app.inject({ method: 'GET', url: '/api/test/echo', headers: signed.headers });
    expect(ok.statusCode).toBe(200);
    // Over a real socket: the repeated header must reach the server as two raw header lines, as a
    // proxy in front would send them (inject may fold them into one).
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    for (const [name, extra] of [
      ['authorization', 'HMAC garbage:garbage'],
      ['date', 'Thu, 01 Jan 1970 00:00:00 GMT'],
      ['content-type', 'text/plain'],
    ] as const) {
      const raw: string[] = ['Host', new URL(address).host];
      for (const [h, v] of Object.entries(signed.headers)) {
        raw.push(h, v);
        if (h.toLowerCase() === name) raw.push(h, extra);
      }
      const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = http.request(`${address}/api/test/echo`, { method: 'GET', headers: raw }, (r) => {
          let text = '';
          r.on('data', (c: Buffer) => (text += c.toString()));
          r.on('end', () => resolve({ status: r.statusCode ?? 0, body: text }));
        });
        req.on('error', reject);
        req.end();
      });
      expect(res.status, `${name}: ${res.body}`).toBe(401);
      const body = JSON.parse(res.body) as { error: { code: string; details: unknown[] } };
      expect(body.error.code).toBe('unauthenticated');
      expect(body.error.details).toEqual([{ reason: 'duplicate_header', header: name }]);
    }
  });

  it('an unknown key, well-formed or not', async () => {
    const stranger = { api_key: 'AAAAAAAAAAAAAAAAAAAAAA', api_secret: key.api_secret };
    await expect401(await signedCall(t, stranger, { method: 'GET', path: '/api/test/echo' }), 'unknown_key');
    await expect401(
      await signedCall(t, { ...stranger, api_key: 'short' }, { method: 'GET', path: '/api/test/echo' }),
      'unknown_key',
    );
  });

  it('a bad signature shows the server StringToSign, never the secret or the expected signature', async () => {
    const wrong = { ...key, api_secret: 'not-the-secret' };
    const res = await signedCall(t, wrong, { method: 'GET', path: '/api/test/echo?x=1' });
    const body = await expect401(res, 'bad_signature');
    const date = t.clock.now.toUTCString();
    expect(body.error.details).toEqual([
      { reason: 'bad_signature', string_to_sign: `GET\n\napplication/json\n${date}\n/api/test/echo?x=1` },
    ]);
    const { signRequest } = await import('@signet/client');
    const expected = signRequest({
      apiKey: key.api_key,
      apiSecret: key.api_secret,
      method: 'GET',
      path: '/api/test/echo?x=1',
      date,
    });
    const signature = expected.headers.Authorization.split(':')[1]!;
    expect(res.body).not.toContain(signature);
    expect(res.body).not.toContain(key.api_secret);
  });

  it('a body altered after signing, or a different content type, is a bad signature', async () => {
    const tampered = await signedCall(t, key, { method: 'POST', path: '/api/test/echo', body: '{"a":1}' });
    expect(tampered.statusCode).toBe(200);
    const signedFor = await import('@signet/client');
    const date = t.clock.now.toUTCString();
    const signed = signedFor.signRequest({
      apiKey: key.api_key,
      apiSecret: key.api_secret,
      method: 'POST',
      path: '/api/test/echo',
      body: '{"a":1}',
      date,
    });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/test/echo',
      headers: { ...signed.headers },
      payload: '{"a": 1}', // same JSON, different bytes
    });
    await expect401(res, 'bad_signature');
    const otherType = await signedCall(t, key, {
      method: 'POST',
      path: '/api/test/echo',
      body: '{"a":1}',
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
    await expect401(otherType, 'bad_signature');
  });

  it('a missing, unparseable or stale Date', async () => {
    const signed = (date: string) => signedCall(t, key, { method: 'GET', path: '/api/test/echo', date });
    const noDate = await t.app.inject({
      method: 'GET',
      url: '/api/test/echo',
      headers: { authorization: `HMAC ${key.api_key}:AAAAAAAAAAAAAAAAAAAAAAAAAAA=` },
    });
    await expect401(noDate, 'missing_date');
    await expect401(await signed('yesterday'), 'invalid_date');
    await expect401(await signed(t.clock.now.toISOString()), 'invalid_date');
    const now = t.clock.now.getTime();
    await expect401(await signed(new Date(now - 16 * 60_000).toUTCString()), 'clock_skew');
    await expect401(await signed(new Date(now + 16 * 60_000).toUTCString()), 'clock_skew');
    expect((await signed(new Date(now - 14 * 60_000).toUTCString())).statusCode).toBe(200);
    expect((await signed(new Date(now + 14 * 60_000).toUTCString())).statusCode).toBe(200);
  });

  it('accepts every Date form of PROTOCOL.md, signed exactly as sent', async () => {
    const saved = t.clock.now;
    t.clock.now = new Date('2026-11-30T10:12:40Z');
    try {
      for (const date of [
        'Mon, 30 Nov 2026 10:12:37 GMT',
        'Mon, 30 Nov 2026 10:12:38 +0000',
        'Mon, 30 Nov 2026 11:12:38 +0100',
        'Monday, 30-Nov-26 10:12:39 GMT',
        'Mon Nov 30 10:12:39 2026',
      ]) {
        const res = await signedCall(t, key, { method: 'GET', path: '/api/test/echo', date });
        expect(res.statusCode, `${date}: ${res.body}`).toBe(200);
      }
      t.clock.now = new Date('2024-01-02T03:04:05Z');
      const noLeadingZero = await signedCall(t, key, {
        method: 'GET',
        path: '/api/test/echo',
        date: 'Tue, 2 Jan 2024 03:04:05 GMT',
      });
      expect(noLeadingZero.statusCode).toBe(200);
      const asctimePadded = await signedCall(t, key, {
        method: 'GET',
        path: '/api/test/echo',
        date: 'Tue Jan  2 03:04:05 2024',
      });
      expect(asctimePadded.statusCode).toBe(200);
    } finally {
      t.clock.now = saved;
    }
  });

  it('a percent-encoded path with an escaped delimiter verifies only when signed exactly as sent', async () => {
    const path = '/api/test/items/order%201%2F2?q=a%2Bb';
    const asSent = await signedCall(t, key, { method: 'GET', path });
    expect(asSent.statusCode).toBe(200);
    expect(asSent.json().data.id).toBe('order 1/2');
    const decoded = await signedCall(t, key, {
      method: 'GET',
      path,
      signedPath: '/api/test/items/order 1/2?q=a+b',
    });
    // `%2F` and `%2B` are never decoded (PROTOCOL.md §1): the Java SDK's form is no second candidate here.
    const body = await expect401(decoded, 'bad_signature');
    expect(body.error.details[0]!.string_to_sign).toMatch(/\n\/api\/test\/items\/order%201%2F2\?q=a%2Bb$/);
  });
});

describe('authorization failures are 403 with a reason', () => {
  it("permission_denied for a permission the key lacks: Cryptopay's unauthorized", async () => {
    const readOnly = await createKey(root, ['invoices:read']);
    expect((await signedCall(t, readOnly, { method: 'GET', path: '/api/test/echo' })).statusCode).toBe(200);
    const res = await signedCall(t, readOnly, { method: 'POST', path: '/api/test/echo', body: '{}' });
    const body = expectEnvelope(res, 403, 'unauthorized');
    expect(body.error.message).toBe('unauthorized');
    expect(body.error.details).toEqual([{ reason: 'permission_denied' }]);
  });

  it('ip_not_allowed outside an IPv4, IPv6 or CIDR whitelist', async () => {
    const cases: [string[], string[], string[]][] = [
      [['203.0.113.7'], ['203.0.113.7', '::ffff:203.0.113.7'], ['203.0.113.8', '127.0.0.1']],
      [['2001:db8::1'], ['2001:db8:0:0::1'], ['2001:db8::2', '203.0.113.7']],
      [
        ['10.1.0.0/16', '2001:db8:aa::/48'],
        ['10.1.255.9', '2001:db8:aa:ff::1'],
        ['10.2.0.1', '2001:db8:ab::1'],
      ],
    ];
    for (const [whitelist, allowed, denied] of cases) {
      const k = await createKey(root, ['invoices:read'], whitelist);
      for (const remoteAddress of allowed) {
        const res = await signedCall(t, k, { method: 'GET', path: '/api/test/echo', remoteAddress });
        expect(res.statusCode, `${whitelist} allows ${remoteAddress}`).toBe(200);
      }
      for (const remoteAddress of denied) {
        const res = await signedCall(t, k, { method: 'GET', path: '/api/test/echo', remoteAddress });
        // Cryptopay's code on the wire; Signet's reason stays inside details.
        const body = expectEnvelope(res, 403, 'ip_not_allowed');
        expect(body.error.message).toBe('ip not allowed');
        expect(body.error.details, `${whitelist} denies ${remoteAddress}`).toEqual([
          { reason: 'ip_not_allowed' },
        ]);
      }
    }
  });

  it('account_not_active for a pending or suspended account', async () => {
    const other = await signup(t.app, 'Soon Pending');
    await setAccountStatus(t.ctx.db.kysely, other.body.account.id, 'pending', t.ctx.now());
    const { key: pendingKey, apiSecret } = await insertApiKey(t.ctx, t.ctx.db.kysely, {
      accountId: other.body.account.id,
      name: 'made before activation',
      permissions: ['invoices:read'],
      ipWhitelist: [],
      createdBy: 'test',
    });
    const res = await signedCall(
      t,
      { api_key: pendingKey.api_key, api_secret: apiSecret },
      { method: 'GET', path: '/api/test/echo' },
    );
    expect(expectEnvelope(res, 403, 'unauthorized').error.details).toEqual([
      { reason: 'account_not_active' },
    ]);

    const suspended = await signup(t.app, 'Soon Suspended');
    const k = await createKey(suspended, ['invoices:read']);
    await setAccountStatus(t.ctx.db.kysely, suspended.body.account.id, 'suspended', t.ctx.now());
    const denied = await signedCall(t, k, { method: 'GET', path: '/api/test/echo' });
    expect(expectEnvelope(denied, 403, 'unauthorized').error.details).toEqual([
      { reason: 'account_not_active' },
    ]);
  });

  it('an account suspended elsewhere (the CLI) is refused within a second, without any notice', async () => {
    const acct = await signup(t.app, 'Suspended Later');
    const k = await createKey(acct, ['invoices:read']);
    expect((await signedCall(t, k, { method: 'GET', path: '/api/test/echo' })).statusCode).toBe(200);
    await setAccountStatus(t.ctx.db.kysely, acct.body.account.id, 'suspended', t.ctx.now());
    const started = performance.now();
    let status = 200;
    while (status === 200 && performance.now() - started < 2000) {
      status = (await signedCall(t, k, { method: 'GET', path: '/api/test/echo' })).statusCode;
      if (status === 200) await new Promise((r) => setTimeout(r, 25));
    }
    expect(status).toBe(403);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('public routes', () => {
  it('need no key, but a presented key must be valid', async () => {
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/rates/BTC/EUR' });
    expect(anonymous.statusCode).toBe(200);
    expect(anonymous.json().data.api_key).toBeNull();
    const withKey = await signedCall(t, key, { method: 'GET', path: '/api/rates/BTC/EUR' });
    expect(withKey.json().data.api_key).toBe(key.api_key);
    await expect401(
      await signedCall(t, { ...key, api_secret: 'wrong' }, { method: 'GET', path: '/api/rates/BTC/EUR' }),
      'bad_signature',
    );
    await expect401(
      await t.app.inject({ method: 'GET', url: '/api/rates/BTC/EUR', headers: { authorization: 'garbage' } }),
      'malformed_authorization',
    );
  });
});

describe('key lifecycle as seen by the merchant API', () => {
  it('a created key works at once, even right after it was looked up as unknown', async () => {
    // Prime the negative cache with the id the next insert will use.
    const fixed = { api_key: 'NewKeyNewKeyNewKeyNewK', api_secret: 'fresh-secret' };
    await expect401(await signedCall(t, fixed, { method: 'GET', path: '/api/test/echo' }), 'unknown_key');
    await t.ctx.db.kysely.transaction().execute(async (trx) => {
      await insertApiKey(t.ctx, trx, {
        accountId: root.body.account.id,
        name: 'fixed',
        permissions: ['invoices:read'],
        ipWhitelist: [],
        createdBy: 'test',
        apiKey: fixed.api_key,
        apiSecret: fixed.api_secret,
      });
    });
    const { API_KEY_CHANGED } = await import('../../../src/features/api-keys/key-change-notice.js');
    t.ctx.signals.emit(API_KEY_CHANGED, fixed.api_key);
    expect((await signedCall(t, fixed, { method: 'GET', path: '/api/test/echo' })).statusCode).toBe(200);

    const fresh = await createKey(root, ['invoices:read']);
    expect((await signedCall(t, fresh, { method: 'GET', path: '/api/test/echo' })).statusCode).toBe(200);
  });

  it('a deleted key fails its very next request', async () => {
    const k = await createKey(root, ['invoices:read']);
    expect((await signedCall(t, k, { method: 'GET', path: '/api/test/echo' })).statusCode).toBe(200);
    expect((await root.request('DELETE', `/api-keys/${k.id}`)).statusCode).toBe(204);
    await expect401(await signedCall(t, k, { method: 'GET', path: '/api/test/echo' }), 'unknown_key');
  });

  it('records last use in memory and writes it in a batch', async () => {
    const k = await createKey(root, ['invoices:read']);
    await signedCall(t, k, { method: 'GET', path: '/api/test/echo', remoteAddress: '198.51.100.4' });
    await signedCall(t, k, { method: 'GET', path: '/api/test/echo', remoteAddress: '198.51.100.5' });
    const listed = () =>
      root.request('GET', '/api-keys').then((r) => r.json().data.find((x: { id: string }) => x.id === k.id));
    expect((await listed()).last_used_at).toBeNull(); // no write per request
    await t.app.keyAuth.usage.flush();
    const after = await listed();
    expect(after.last_used_ip).toBe('198.51.100.5');
    expect(after.last_used_at).toBe(t.clock.now.toISOString());
  });

  it('the secret is stored encrypted: neither the database nor any listing holds it', async () => {
    const k = await createKey(root, ['invoices:read']);
    const rows = await t.ctx.db.kysely.selectFrom('api_keys').selectAll().where('id', '=', k.id).execute();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(k.api_secret);
    expect((await root.request('GET', '/api-keys')).body).not.toContain(k.api_secret);
    if (t.ctx.db.dialect === 'sqlite') {
      const files = fs.readdirSync(t.config.dataDir).filter((f) => f.startsWith('signet.db'));
      expect(files.length).toBeGreaterThan(0);
      for (const f of files)
        expect(fs.readFileSync(path.join(t.config.dataDir, f)).includes(k.api_secret)).toBe(false);
    }
  });
});

describe('bodies', () => {
  it('invalid JSON with a JSON content type is a 400 envelope', async () => {
    for (const contentType of ['application/json', 'application/merge-patch+json']) {
      const res = await signedCall(t, key, {
        method: 'POST',
        path: '/api/test/echo',
        body: '{"a":',
        contentType,
      });
      expectEnvelope(res, 400, 'invalid_json');
    }
  });

  it('an oversized body is a 413 envelope', async () => {
    const body = 'x'.repeat(t.config.bodyLimitBytes + 1);
    for (const contentType of ['application/json', 'application/octet-stream']) {
      const res = await signedCall(t, key, { method: 'POST', path: '/api/test/echo', body, contentType });
      expectEnvelope(res, 413, 'payload_too_large');
    }
  });

  it("schema validation runs only after authentication, and answers Cryptopay's invalid", async () => {
    const bad = await t.app.inject({ method: 'POST', url: '/api/invoices', payload: { nope: true } });
    await expect401(bad, 'malformed_authorization');
    const invalid = await signedCall(t, key, {
      method: 'POST',
      path: '/api/invoices',
      body: '{"nope":true,"price_currency":7}',
    });
    const body = expectEnvelope(invalid, 422, 'invalid');
    expect(body.error.message).toBe('invalid');
    expect(body.error.details).toEqual([
      { code: 'must_be_filled', target: 'price_amount', message: 'must be filled', args: {} },
      {
        code: 'invalid_type',
        target: 'price_currency',
        message: 'must be a string',
        args: { expected: 'string' },
      },
    ]);
  });
});

describe('paths the merchant API does not serve', () => {
  it('answer 404 not_found / not found, before any authentication', async () => {
    const requests = [
      { method: 'GET' as const, url: '/api/nope' },
      { method: 'GET' as const, url: '/api/test/echo/extra?x=1' },
      {
        method: 'POST' as const,
        url: '/api/nope',
        payload: '{"a":1}',
        headers: { 'content-type': 'application/json' },
      },
      { method: 'GET' as const, url: '/api' },
      { method: 'GET' as const, url: '/api/' },
      // Garbage credentials change nothing: there is no route whose permission they could prove.
      { method: 'GET' as const, url: '/api/nope', headers: { authorization: 'garbage', date: 'yesterday' } },
    ];
    for (const request of requests) {
      const body = expectEnvelope(await t.app.inject(request), 404, 'not_found');
      expect(body.error, request.url).toEqual({ code: 'not_found', message: 'not found', details: [] });
    }
    // Signed correctly, the same.
    const signed = await signedCall(t, key, { method: 'GET', path: '/api/nope' });
    expect(expectEnvelope(signed, 404, 'not_found').error.message).toBe('not found');
  });

  it('outside the mount the app-wide handler still answers', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/apiary' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.message).not.toBe('not found');
  });

  it('a method a served path lacks is 405 with Allow', async () => {
    const res = await t.app.inject({ method: 'DELETE', url: '/api/test/echo' });
    expectEnvelope(res, 405, 'method_not_allowed');
    expect(res.headers.allow).toBe('GET, HEAD, POST');
  });
});
