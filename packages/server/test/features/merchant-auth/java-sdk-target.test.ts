import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signRequest } from '@signet/client';
import { expectEnvelope, signup } from '../../support/test-app.js';
import { startLoggedTestApp, type LoggedTestApp } from '../../support/log-capture.js';
import { ordersConfig, writeConfig } from '../gateway/gateway-fixture.js';
import { startRecordingUpstream } from '../gateway/recording-upstream.js';
import { createServiceToken } from '../platform/platform-test-kit.js';
import { createKey, merchantFeatures, signedCall, type CreatedKey } from './merchant-test-kit.js';
import { verifyCall } from './verify-test-kit.js';

// Issue 12, item 9: the official Java SDK sends `jane%40example.com` and signs `jane@example.com`
// (java.net.URI#getPath/getQuery are decoded). The Cryptopay sandbox takes that form as a second
// candidate when decoding cannot change the request (PROTOCOL.md §1); the gateway and the verify
// API, whose callers read the raw target, never do.

let upstream: Awaited<ReturnType<typeof startRecordingUpstream>>;
let t: LoggedTestApp;
let sandboxKey: CreatedKey;
let ordersKey: CreatedKey;
let token: string;

beforeAll(async () => {
  upstream = await startRecordingUpstream();
  t = await startLoggedTestApp(
    { SIGNET_CONFIG: writeConfig(ordersConfig(upstream.url)) },
    { features: merchantFeatures },
  );
  t.clock.now = new Date(Math.floor(Date.now() / 1000) * 1000);
  const root = await signup(t.app, 'Java Shop');
  sandboxKey = await createKey(root, ['invoices:read', 'invoices:write']);
  ordersKey = await createKey(root, ['orders:read']);
  token = (await createServiceToken(t, ['verify'])).token;
});
afterAll(async () => {
  await t?.close();
  await upstream?.close();
});

/** What URLEncoder.encode(value, "utf8").replaceAll("\\+", "%20") makes of an id, as the Java SDK builds paths. */
const javaEncode = (value: string) =>
  Array.from(new TextEncoder().encode(value), (b) =>
    /[A-Za-z0-9.*_-]/.test(String.fromCharCode(b))
      ? String.fromCharCode(b)
      : `%${b.toString(16).toUpperCase().padStart(2, '0')}`,
  ).join('');

const decodedLines = () => t.log.lines().filter((l) => l.signedTarget === 'decoded');

describe('the Cryptopay sandbox', () => {
  it('accepts a Java SDK signature over the decoded target, and logs that it did', async () => {
    const id = 'jane@example.com 1~(x)';
    const query = `q=${javaEncode('café: 2')}`;
    const path = `/api/test/items/${javaEncode(id)}?${query}`;
    expect(path).toBe('/api/test/items/jane%40example.com%201%7E%28x%29?q=caf%C3%A9%3A%202');
    const before = decodedLines().length;
    const res = await signedCall(t, sandboxKey, {
      method: 'GET',
      path,
      signedPath: decodeURIComponent(path),
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().data).toEqual({ id, key: sandboxKey.api_key });
    const lines = decodedLines();
    expect(lines.length).toBe(before + 1);
    expect(lines.at(-1)!.reqId).toBe(res.headers['x-request-id']);

    // The byte-exact form (every other SDK) still verifies, and is not logged as decoded.
    const exact = await signedCall(t, sandboxKey, { method: 'GET', path });
    expect(exact.statusCode).toBe(200);
    expect(decodedLines().length).toBe(before + 1);
  });

  it('a decoded signature with a body (PATCH-like writes) covers the same bytes', async () => {
    const path = `/api/test/echo?customer_id=${javaEncode('jane@example.com')}`;
    const ok = await signedCall(t, sandboxKey, {
      method: 'POST',
      path,
      body: '{"a":1}',
      signedPath: '/api/test/echo?customer_id=jane@example.com',
    });
    expect(ok.statusCode, ok.body).toBe(200);
  });

  it('refuses it where decoding would change the request, showing the raw StringToSign', async () => {
    for (const id of ['a/b', 'x?y', 'a&b=c', 'a+b', '100%', 'a#b', 'a;b', 'a\\b']) {
      const path = `/api/test/items/${javaEncode(id)}`;
      const res = await signedCall(t, sandboxKey, {
        method: 'GET',
        path,
        signedPath: `/api/test/items/${id}`,
      });
      const body = expectEnvelope(res, 401, 'unauthenticated');
      expect(body.error.details, id).toEqual([
        {
          reason: 'bad_signature',
          string_to_sign: `GET\n\napplication/json\n${t.clock.now.toUTCString()}\n${path}`,
        },
      ]);
    }
  });

  it('a captured signature reaches no other resource through an encoded variant', async () => {
    // Signed byte-exact for customer `x` with a query; replayed with the `?` escaped, it would
    // name customer `x?q=1`: refused.
    const date = t.clock.now.toUTCString();
    const captured = signRequest({
      apiKey: sandboxKey.api_key,
      apiSecret: sandboxKey.api_secret,
      method: 'GET',
      path: '/api/test/items/x?q=1',
      date,
    });
    const original = await t.app.inject({
      method: 'GET',
      url: '/api/test/items/x?q=1',
      headers: captured.headers,
    });
    expect(original.json().data.id).toBe('x');
    const replayed = await t.app.inject({
      method: 'GET',
      url: '/api/test/items/x%3Fq=1',
      headers: captured.headers,
    });
    expectEnvelope(replayed, 401, 'unauthenticated');

    // What an encoded variant may reach is the very same resource: `a%40b` is `a@b` to the router.
    const at = signRequest({
      apiKey: sandboxKey.api_key,
      apiSecret: sandboxKey.api_secret,
      method: 'GET',
      path: '/api/test/items/a@b',
      date,
    });
    const variant = await t.app.inject({ method: 'GET', url: '/api/test/items/a%40b', headers: at.headers });
    expect(variant.statusCode).toBe(200);
    expect(variant.json().data.id).toBe('a@b');
  });

  it('invalid UTF-8 in an escape has no decoded candidate', async () => {
    // (In a path segment the router already refuses it with a 400; a query value reaches us.)
    for (const signedPath of ['/api/test/echo?q=a\ufffd(', '/api/test/echo?q=a\u00c3(']) {
      const res = await signedCall(t, sandboxKey, {
        method: 'GET',
        path: '/api/test/echo?q=a%C3%28',
        signedPath,
      });
      expectEnvelope(res, 401, 'unauthenticated');
    }
  });
});

describe('the gateway and the verify API stay byte-exact', () => {
  it('a gateway mount refuses the decoded form and forwards the raw target when signed as sent', async () => {
    const path = `/v1/orders/${javaEncode('jane@example.com')}`;
    const decoded = await signedCall(t, ordersKey, {
      method: 'GET',
      path,
      signedPath: '/v1/orders/jane@example.com',
    });
    const body = expectEnvelope(decoded, 401, 'unauthenticated');
    expect(body.error.details[0]).toMatchObject({ reason: 'bad_signature' });
    // The gateway keeps its own vocabulary: no Cryptopay renaming there either.
    const elsewhere = await createKey(await signup(t.app, 'Far Away'), ['orders:read'], ['203.0.113.7']);
    const ip = await signedCall(t, elsewhere, { method: 'GET', path });
    expect(expectEnvelope(ip, 403, 'unauthorized').error.details).toEqual([{ reason: 'ip_not_allowed' }]);
    const unknown = await signedCall(t, ordersKey, { method: 'GET', path: '/v1/nowhere' });
    expect(expectEnvelope(unknown, 404, 'not_found').error.message).not.toBe('not found');

    const received = upstream.received.length;
    const exact = await signedCall(t, ordersKey, { method: 'GET', path });
    expect(exact.json(), exact.body).toMatchObject({ seen: '/orders/jane%40example.com' });
    expect(upstream.received.length).toBe(received + 1);
    expect(upstream.received.at(-1)!.url).toBe('/orders/jane%40example.com');
  });

  it('the verify API refuses the decoded form', async () => {
    const path = `/api/test/items/${javaEncode('jane@example.com')}`;
    const date = t.clock.now.toUTCString();
    const sign = (signedPath: string) =>
      signRequest({
        apiKey: sandboxKey.api_key,
        apiSecret: sandboxKey.api_secret,
        method: 'GET',
        path: signedPath,
        date,
      }).headers.Authorization;
    const ask = (authorization: string) =>
      verifyCall(t, token, {
        method: 'GET',
        path,
        content_type: 'application/json',
        date,
        authorization,
        client_ip: '127.0.0.1',
        permission: 'invoices:read',
      });
    const decoded = await ask(sign('/api/test/items/jane@example.com'));
    expect(decoded.statusCode, decoded.body).toBe(200);
    expect(decoded.json()).toMatchObject({ valid: false, reason: 'bad_signature' });
    const exact = await ask(sign(path));
    expect(exact.json()).toMatchObject({ valid: true });
  });
});
