import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeAccountStatus } from '../../../src/features/accounts/index.js';
import { authenticate } from '../../../src/features/merchant-auth/authenticate.js';
import {
  expectEnvelope,
  signup,
  startTestApp,
  type DashboardUser,
  type TestApp,
} from '../../support/test-app.js';
import { createServiceToken } from '../platform/platform-test-kit.js';
import { createKey, type CreatedKey } from './merchant-test-kit.js';
import {
  authorizationFor,
  featuresWithPlatform,
  md5Hex,
  verifyCall,
  type ToSign,
} from './verify-test-kit.js';

// The verify API on the Cryptopay sandbox's catalogue: what it answers for each kind of request.
// That it answers exactly what the gateway does is verify-agrees-with-gateway.test.ts's job.
let t: TestApp;
let root: DashboardUser;
let key: CreatedKey;
let token: string;

beforeAll(async () => {
  t = await startTestApp({}, { features: featuresWithPlatform });
  // Whole seconds, so Date headers name the clock's instant exactly.
  t.clock.now = new Date(Math.floor(Date.now() / 1000) * 1000);
  root = await signup(t.app, 'Verify Ltd');
  key = await createKey(root, ['invoices:write', 'invoices:read']);
  token = (await createServiceToken(t, ['verify'])).token;
});
afterAll(() => t.close());

const BODY = Buffer.from('{"price_amount":"10.00","note":"caf\u00e9"}');

/** A POST signed by `signer`, as its verify body (the body given as base64). */
function signedPost(
  signer: { api_key: string; api_secret: string } = key,
  over: Partial<ToSign> = {},
): Record<string, unknown> {
  const r: ToSign = {
    method: 'POST',
    path: '/api/invoices?expand=a%20b',
    body: BODY,
    contentType: 'application/json',
    date: t.clock.now.toUTCString(),
    ...over,
  };
  return {
    method: r.method,
    path: r.path,
    ...(r.contentType === undefined ? {} : { content_type: r.contentType }),
    ...(r.date === undefined ? {} : { date: r.date }),
    authorization: authorizationFor(signer, r),
    body_base64: Buffer.from(r.body ?? []).toString('base64'),
    client_ip: '127.0.0.1',
    permission: 'invoices:write',
  };
}

async function answer(body: unknown) {
  const res = await verifyCall(t, token, body);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Record<string, unknown>;
}

const refusedFor = async (body: unknown) => (await answer(body)).reason;

describe('a valid request', () => {
  it('answers the key, its account and its permissions, sorted', async () => {
    expect(await answer(signedPost())).toEqual({
      valid: true,
      account_id: root.body.account.id,
      key_id: key.id,
      permissions: ['invoices:read', 'invoices:write'],
    });
  });

  it('takes the body as bytes or as its MD5 in either case', async () => {
    const { body_base64: _, ...rest } = signedPost();
    for (const body_md5 of [md5Hex(BODY), md5Hex(BODY).toUpperCase()])
      expect((await answer({ ...rest, body_md5 })).valid, body_md5).toBe(true);
  });

  it('an empty body: neither field, an empty one, or the MD5 of nothing', async () => {
    const signed = signedPost(key, { method: 'GET', path: '/api/invoices', body: undefined });
    const { body_base64: _, ...rest } = signed;
    const get = { ...rest, permission: 'invoices:read' };
    for (const bodyField of [{}, { body_md5: '' }, { body_md5: md5Hex('') }, { body_base64: '' }])
      expect((await answer({ ...get, ...bodyField })).valid, JSON.stringify(bodyField)).toBe(true);
    // …while a body that was not signed is a bad signature.
    expect(await refusedFor({ ...get, body_md5: md5Hex('x') })).toBe('bad_signature');
  });

  it('a public permission needs no key, but a presented one must be valid', async () => {
    const { authorization: _, ...unsigned } = signedPost();
    expect(await answer({ ...unsigned, permission: 'public' })).toEqual({
      valid: true,
      account_id: null,
      key_id: null,
      permissions: [],
    });
    expect((await answer({ ...signedPost(), permission: 'public' })).key_id).toBe(key.id);
    expect(await refusedFor({ ...signedPost({ ...key, api_secret: 'wrong' }), permission: 'public' })).toBe(
      'bad_signature',
    );
    expect(await refusedFor({ ...unsigned, authorization: '', permission: 'public' })).toBe(
      'malformed_authorization',
    );
  });

  it("records the key's last use, at the client's address", async () => {
    const k = await createKey(root, ['invoices:write']);
    expect((await answer({ ...signedPost(k), client_ip: '198.51.100.9' })).valid).toBe(true);
    await t.app.keyAuth.usage.flush();
    const listed = (await root.request('GET', '/api-keys'))
      .json()
      .data.find((x: { id: string }) => x.id === k.id);
    expect(listed.last_used_ip).toBe('198.51.100.9');
    expect(listed.last_used_at).toBe(t.clock.now.toISOString());
  });
});

describe('every refusal of the merchant API, as a 200 with its reason', () => {
  it('authentication: Authorization, Date, key, signature', async () => {
    const { authorization: _, ...unsigned } = signedPost();
    expect(await refusedFor(unsigned)).toBe('malformed_authorization');
    expect(await refusedFor({ ...unsigned, authorization: `Bearer ${key.api_key}` })).toBe(
      'malformed_authorization',
    );
    expect(await refusedFor(signedPost(key, { date: undefined }))).toBe('missing_date');
    expect(await refusedFor({ ...signedPost(), date: '' })).toBe('missing_date');
    expect(await refusedFor(signedPost(key, { date: 'yesterday' }))).toBe('invalid_date');
    expect(await refusedFor(signedPost(key, { date: t.clock.now.toISOString() }))).toBe('invalid_date');
    const at = (s: number) => new Date(t.clock.now.getTime() + s * 1000).toUTCString();
    expect(await refusedFor(signedPost(key, { date: at(-901) }))).toBe('clock_skew');
    expect(await refusedFor(signedPost(key, { date: at(901) }))).toBe('clock_skew');
    expect((await answer(signedPost(key, { date: at(-900) }))).valid).toBe(true);
    expect((await answer(signedPost(key, { date: at(900) }))).valid).toBe(true);
    expect(await refusedFor(signedPost({ api_key: 'AAAAAAAAAAAAAAAAAAAAAA', api_secret: 'x' }))).toBe(
      'unknown_key',
    );
    expect(await refusedFor(signedPost({ api_key: 'short', api_secret: 'x' }))).toBe('unknown_key');
  });

  it('a bad signature shows the server StringToSign, the one the sandbox shows', async () => {
    const date = t.clock.now.toUTCString();
    const wrong = { ...key, api_secret: 'not-the-secret' };
    const got = await answer(signedPost(wrong));
    const expected = `POST\n${md5Hex(BODY)}\napplication/json\n${date}\n/api/invoices?expand=a%20b`;
    expect(got).toEqual({ valid: false, reason: 'bad_signature', string_to_sign: expected });
    expect(JSON.stringify(got)).not.toContain(key.api_secret);

    const sandbox = await t.app.inject({
      method: 'POST',
      url: '/api/invoices?expand=a%20b',
      headers: {
        authorization: authorizationFor(wrong, {
          method: 'POST',
          path: '/api/invoices?expand=a%20b',
          body: BODY,
          contentType: 'application/json',
          date,
        }),
        date,
        'content-type': 'application/json',
      },
      payload: BODY,
    });
    expect(expectEnvelope(sandbox, 401, 'unauthenticated').error.details).toEqual([
      { reason: 'bad_signature', string_to_sign: expected },
    ]);
  });

  it('a body, Content-Type, path or method other than the signed one is a bad signature', async () => {
    const signed = signedPost();
    for (const tampered of [
      { body_base64: Buffer.from('{"price_amount":"1000.00"}').toString('base64') },
      { content_type: 'application/json; charset=utf-8' },
      { path: '/api/invoices?expand=a+b' },
      { method: 'PUT' },
    ])
      expect(await refusedFor({ ...signed, ...tampered }), JSON.stringify(tampered)).toBe('bad_signature');
    // The method is upper-cased into the StringToSign, as the gateway does.
    expect((await answer({ ...signed, method: 'post' })).valid).toBe(true);
  });

  it('authorization: IP whitelist, account status, permission', async () => {
    const listed = await createKey(root, ['invoices:write'], ['203.0.113.7', '2001:db8::/32']);
    for (const client_ip of ['203.0.113.7', '::ffff:203.0.113.7', '2001:db8::42'])
      expect((await answer({ ...signedPost(listed), client_ip })).valid, client_ip).toBe(true);
    for (const client_ip of ['203.0.113.8', '127.0.0.1', 'fe80::1'])
      expect(await refusedFor({ ...signedPost(listed), client_ip }), client_ip).toBe('ip_not_allowed');

    const other = await signup(t.app, 'Suspended Ltd');
    const suspendedKey = await createKey(other, ['invoices:write']);
    expect((await answer(signedPost(suspendedKey))).valid).toBe(true);
    await changeAccountStatus(t.ctx, other.body.account.id, 'suspended', { operator: 'test' });
    expect(await refusedFor(signedPost(suspendedKey))).toBe('account_not_active');

    const reader = await createKey(root, ['invoices:read']);
    expect(await refusedFor(signedPost(reader))).toBe('permission_denied');
    expect((await answer({ ...signedPost(reader), permission: 'invoices:read' })).valid).toBe(true);
  });

  it('the decision function refuses a signed header sent twice (the hook passes raw headers)', async () => {
    const date = t.clock.now.toUTCString();
    const input = {
      method: 'GET',
      path: '/api/invoices',
      rawBody: undefined,
      contentType: undefined,
      date,
      authorization: authorizationFor(key, { method: 'GET', path: '/api/invoices', date }),
      ip: '127.0.0.1',
      required: 'invoices:read',
    };
    expect(await authenticate(t.ctx, t.app.keyAuth, input)).toMatchObject({ ok: true, key: { id: key.id } });
    expect(
      await authenticate(t.ctx, t.app.keyAuth, { ...input, rawHeaders: ['Date', date, 'DATE', 'x'] }),
    ).toEqual({ ok: false, status: 401, reason: 'duplicate_header', header: 'date' });
  });
});

describe('the caller and its input', () => {
  it('needs a service token with the verify scope', async () => {
    const none = await verifyCall(t, null, signedPost());
    expect(expectEnvelope(none, 401, 'unauthenticated').error.details).toEqual([{ reason: 'invalid_token' }]);
    const wrong = await verifyCall(t, 'sgt_' + 'A'.repeat(32), signedPost());
    expectEnvelope(wrong, 401, 'unauthenticated');
    const other = await createServiceToken(t, ['accounts:read']);
    const denied = await verifyCall(t, other.token, signedPost());
    expect(expectEnvelope(denied, 403, 'unauthorized').error.details).toEqual([
      { reason: 'missing_scope', scope: 'verify' },
    ]);
  });

  it('bad input is a 422 with one detail per field', async () => {
    const fieldsOf = async (body: unknown) => {
      const res = await verifyCall(t, token, body);
      return expectEnvelope(res, 422, 'validation_failed')
        .error.details.map((d) => d.field)
        .sort();
    };
    const ok = signedPost();
    const cases: [Record<string, unknown>, string[]][] = [
      [{ method: 'GE T' }, ['method']],
      [{ method: '' }, ['method']],
      [{ path: '' }, ['path']],
      [{ path: '/a b' }, ['path']],
      [{ path: 7 }, ['path']],
      [{ date: 'Mon\r\nX-Evil: 1' }, ['date']],
      [{ content_type: 'a'.repeat(16 * 1024 + 1) }, ['content_type']],
      [{ authorization: 'HMAC a:b\u0000' }, ['authorization']],
      [{ body_base64: '@@@@' }, ['body_base64']],
      [{ body_base64: 'abc' }, ['body_base64']],
      [{ body_md5: md5Hex(BODY) }, ['body_base64']],
      [{ body_base64: undefined, body_md5: 'xyz' }, ['body_md5']],
      [{ client_ip: 'localhost' }, ['client_ip']],
      [{ client_ip: undefined }, ['client_ip']],
      [{ permission: '' }, ['permission']],
      [{ permission: 'nope:read' }, ['permission']],
      [{ method: 1, client_ip: '1.2.3.4.5' }, ['client_ip', 'method']],
    ];
    for (const [over, fields] of cases)
      expect(await fieldsOf({ ...ok, ...over }), JSON.stringify(over).slice(0, 80)).toEqual(fields);
    expect(await fieldsOf({})).toEqual(['client_ip', 'method', 'path', 'permission']);
  });

  it('is in /openapi.json with its request and response schemas', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const op = doc.paths['/platform/v1/verify']?.post;
    expect(op?.requestBody?.content?.['application/json']?.schema).toBeDefined();
    expect(op?.responses?.['200']?.content?.['application/json']?.schema).toBeDefined();
  });
});
