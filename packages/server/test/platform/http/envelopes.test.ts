import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectEnvelope, signup, startTestApp, uniqueEmail, type TestApp } from '../../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ SIGNET_BODY_LIMIT_BYTES: '2048' });
});
afterAll(() => t.close());

const post = (url: string, payload: string, contentType = 'application/json') =>
  t.app.inject({ method: 'POST', url, payload, headers: { 'content-type': contentType } });

describe('error envelopes', () => {
  it('unknown route: 404 with a request id in body and header', async () => {
    expectEnvelope(await t.app.inject({ method: 'GET', url: '/dashboard/api/nope' }), 404, 'not_found');
    expectEnvelope(await t.app.inject({ method: 'GET', url: '/nope' }), 404, 'not_found');
  });

  it('wrong method: 405 with Allow', async () => {
    const res = await t.app.inject({ method: 'PUT', url: '/dashboard/api/signup' });
    expectEnvelope(res, 405, 'method_not_allowed');
    expect(res.headers.allow).toBe('POST');
    expectEnvelope(
      await t.app.inject({ method: 'DELETE', url: '/dashboard/api/me' }),
      405,
      'method_not_allowed',
    );
  });

  it('invalid JSON: 400 invalid_json, no stack trace', async () => {
    const res = await post('/dashboard/api/signup', '{"business_name": "x",');
    const body = expectEnvelope(res, 400, 'invalid_json');
    expect(JSON.stringify(body)).not.toMatch(/at .*\.js|stack/);
  });

  it('oversized body: 413', async () => {
    const res = await post('/dashboard/api/signup', JSON.stringify({ business_name: 'x'.repeat(5000) }));
    expectEnvelope(res, 413, 'payload_too_large');
  });

  it('unsupported content type: 415', async () => {
    expectEnvelope(
      await post('/dashboard/api/signup', 'a=b', 'application/x-www-form-urlencoded'),
      415,
      'unsupported_media_type',
    );
  });

  it('validation: 422 with one details entry per bad field', async () => {
    const res = await post(
      '/dashboard/api/signup',
      JSON.stringify({ business_name: '', email: 'not-an-email', password: 'short' }),
    );
    const body = expectEnvelope(res, 422, 'validation_failed');
    expect(body.error.details.map((d) => d.field).sort()).toEqual(['business_name', 'email', 'password']);
    for (const d of body.error.details) expect(typeof d.message).toBe('string');
  });

  it('a body that is not an object, and an empty body, are 422 on the body', async () => {
    expectEnvelope(await post('/dashboard/api/signup', '[]'), 422, 'validation_failed');
    expectEnvelope(await post('/dashboard/api/signup', '"str"'), 422, 'validation_failed');
    const empty = expectEnvelope(await post('/dashboard/api/signup', ''), 422, 'validation_failed');
    expect(empty.error.details[0]).toMatchObject({ field: 'body' });
  });

  it('bad query parameters: 422 naming the parameter', async () => {
    const root = await signup(t.app);
    const res = expectEnvelope(await root.request('GET', '/audit-log?limit=0'), 422, 'validation_failed');
    expect(res.error.details[0]).toMatchObject({ field: 'querystring.limit' });
    expectEnvelope(await root.request('GET', '/audit-log?starting_after=abc'), 422, 'validation_failed');
  });

  it('unicode and odd inputs do not break anything', async () => {
    const res = await post(
      '/dashboard/api/signup',
      JSON.stringify({
        business_name: 'Zoë Ørsted ☃',
        email: uniqueEmail(),
        password: '𝔭𝔞𝔰𝔰𝔴𝔬𝔯𝔡 𝔭𝔞𝔰𝔰',
      }),
    );
    expect(res.statusCode).toBe(201);
    // PostgreSQL text cannot hold NUL: both databases answer the same 422 rather than one of them a 500.
    const nul = await post(
      '/dashboard/api/signup',
      JSON.stringify({ business_name: 'Zoë \u0000', email: uniqueEmail(), password: 'long enough password' }),
    );
    expect(expectEnvelope(nul, 422, 'validation_failed').error.details).toEqual([
      { field: 'business_name', message: 'must not contain NUL characters' },
    ]);
    const proto = await post('/dashboard/api/signup', '{"__proto__":{"x":1},"business_name":"a"}');
    expect([400, 422]).toContain(proto.statusCode);
  });

  it('healthz and openapi.json', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/dashboard/api/signup', '/dashboard/api/callback-settings']),
    );
    expect(
      doc.paths['/dashboard/api/signup'].post.requestBody.content['application/json'].schema.properties,
    ).toHaveProperty('email');
  });
});

describe('audit log', () => {
  it('records user and credential actions newest first, with actor, time and ip, paged', async () => {
    const root = await signup(t.app);
    await root.request('PUT', '/callback-settings', { callback_url: 'https://m.example/cb' });
    await root.request('POST', '/invitations', { email: uniqueEmail(), role: 'view' });
    await root.request('POST', '/callback-settings/secret');
    const page1 = (await root.request('GET', '/audit-log?limit=2')).json();
    expect(page1.data.map((e: { action: string }) => e.action)).toEqual([
      'callback_secret.regenerated',
      'invitation.created',
    ]);
    expect(page1.meta.has_more).toBe(true);
    const page2 = (
      await root.request('GET', `/audit-log?limit=10&starting_after=${page1.data[1].id}`)
    ).json();
    expect(page2.data.map((e: { action: string }) => e.action)).toEqual([
      'callback_url.changed',
      'account.created',
    ]);
    expect(page2.meta.has_more).toBe(false);
    for (const e of [...page1.data, ...page2.data]) {
      expect(e).toMatchObject({ actor: root.body.user.email, ip: '127.0.0.1' });
      expect(Number.isNaN(Date.parse(e.at))).toBe(false);
    }
    // Accounts see only their own entries.
    const other = await signup(t.app);
    const theirs = (await other.request('GET', '/audit-log')).json().data;
    expect(theirs.map((e: { action: string }) => e.action)).toEqual(['account.created']);
  });
});
