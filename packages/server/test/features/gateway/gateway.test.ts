import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import http from 'node:http';
import { signRequest, verifyGatewayRequest } from '@signet/client';
import { changeAccountStatus } from '../../../src/features/accounts/index.js';
import { captureLog } from '../../support/log-capture.js';
import { expectEnvelope, signup, type DashboardUser, type TestApp } from '../../support/test-app.js';
import { createKey, signedCall, type CreatedKey } from '../merchant-auth/merchant-test-kit.js';
import { GATEWAY_SECRET, ordersConfig, startGatewayApp } from './gateway-fixture.js';
import { closedPort, startRecordingUpstream } from './recording-upstream.js';

let upstream: Awaited<ReturnType<typeof startRecordingUpstream>>;
let t: TestApp;
let root: DashboardUser;
let reader: CreatedKey;
let writer: CreatedKey;

beforeAll(async () => {
  upstream = await startRecordingUpstream();
  t = await startGatewayApp(ordersConfig(upstream.url));
  root = await signup(t.app, 'Gateway Ltd');
  reader = await createKey(root, ['orders:read']);
  writer = await createKey(root, ['orders:read', 'orders:write']);
});
afterAll(async () => {
  await t.close();
  await upstream.close();
});
beforeEach(() => {
  upstream.received.length = 0;
});

/** A GET whose target goes on the wire exactly as written (no URL normalisation on the way). */
function rawGet(base: string, path: string, headers: Record<string, string>) {
  const { hostname, port } = new URL(base);
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request({ host: hostname, port, method: 'GET', path, headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const verify = (r: (typeof upstream.received)[number]) =>
  verifyGatewayRequest({
    method: r.method,
    url: r.url,
    headers: r.headers,
    secret: GATEWAY_SECRET,
    now: t.clock.now,
  });

describe('forwarding', () => {
  it('a signed GET reaches the upstream with its path below the mount, its query as sent and a verifiable identity', async () => {
    const res = await signedCall(t, reader, {
      method: 'GET',
      path: '/v1/orders/42/items?b=2&a=%20x&a=1',
      headers: { 'x-custom': 'kept' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ seen: '/orders/42/items?b=2&a=%20x&a=1' });
    expect(res.headers['x-upstream']).toBe('yes');
    expect(res.headers['set-cookie']).toEqual(['a=1', 'b=2']);

    expect(upstream.received).toHaveLength(1);
    const got = upstream.received[0]!;
    expect(got.method).toBe('GET');
    expect(got.url).toBe('/orders/42/items?b=2&a=%20x&a=1');
    expect(got.headers['x-custom']).toBe('kept');
    expect(got.headers.authorization).toBeUndefined();
    expect(got.headers['x-signet-account-id']).toBe(root.body.account.id);
    expect(got.headers['x-signet-key-id']).toBe(reader.id);
    expect(got.headers['x-signet-key-name']).toBe('test%20key');
    expect(got.headers['x-signet-permissions']).toBe('orders:read');
    expect(got.headers['x-signet-client-ip']).toBe('127.0.0.1');
    expect(got.headers['x-request-id']).toBe(res.headers['x-request-id']);

    const verified = verify(got);
    expect(verified).toEqual({
      ok: true,
      identity: {
        accountId: root.body.account.id,
        keyId: reader.id,
        keyName: 'test key',
        permissions: ['orders:read'],
        requestId: res.headers['x-request-id'],
        clientIp: '127.0.0.1',
        timestamp: Math.floor(t.clock.now.getTime() / 1000),
      },
    });
    // The signature is bound to the gateway secret: another secret does not verify it.
    expect(
      verifyGatewayRequest({
        method: got.method,
        url: got.url,
        headers: got.headers,
        secret: 'x'.repeat(40),
        now: t.clock.now,
      }),
    ).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('a signed POST arrives with its body byte for byte and its Content-Type as sent', async () => {
    const body = Buffer.concat([
      Buffer.from('{"amount":"10.00","note":"caf\u00e9"}'),
      Buffer.from([0xff, 0x00, 0x0a]),
    ]);
    const res = await signedCall(t, writer, {
      method: 'POST',
      path: '/v1/orders',
      body,
      contentType: 'application/json; charset=utf-8',
    });
    expect(res.statusCode).toBe(201);
    const got = upstream.received[0]!;
    expect(got.body.equals(body)).toBe(true);
    expect(got.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(got.headers['content-length']).toBe(String(body.length));
    expect(got.headers['x-signet-permissions']).toBe('orders:read,orders:write');
    expect(verify(got).ok).toBe(true);
  });

  it('a DELETE body and an unusually written Content-Type arrive exactly as sent', async () => {
    const contentType = 'Text/Plain ; Charset="ISO-8859-1"';
    const body = Buffer.from('reason=dup\u00e9', 'latin1');
    const res = await signedCall(t, writer, { method: 'DELETE', path: '/v1/orders/7', body, contentType });
    expect(res.statusCode).toBe(201);
    const got = upstream.received[0]!;
    expect(got.body.equals(body)).toBe(true);
    expect(got.headers['content-type']).toBe(contentType);
  });

  it("headers named like Signet's own never arrive from the client", async () => {
    const forged = {
      'x-signet-account-id': 'someone-else',
      'x-signet-key-id': 'forged',
      'x-signet-permissions': 'orders:write,admin',
      'x-signet-signature': 'v1=' + '0'.repeat(64),
      'x-signet-timestamp': '1',
      'x-signet-extra': 'forged',
      'x-request-id': 'forged-request-id',
      'x-signet-client-ip': '10.9.9.9',
      'x-forwarded-for': '1.2.3.4',
      'x-forwarded-host': 'evil.example',
      forwarded: 'for=1.2.3.4',
    };
    const res = await signedCall(t, reader, { method: 'GET', path: '/v1/orders/1', headers: forged });
    expect(res.statusCode).toBe(201);
    const got = upstream.received[0]!;
    for (const [name, value] of Object.entries(forged)) expect(got.headers[name]).not.toBe(value);
    expect(got.headers['x-signet-extra']).toBeUndefined();
    expect(got.headers.forwarded).toBeUndefined();
    expect(got.headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(got.headers['x-forwarded-proto']).toBe('http');
    expect(got.headers['x-forwarded-host']).toBe('localhost:80');
    expect(got.headers['x-signet-key-id']).toBe(reader.id);
    const all = got.rawHeaders.filter((_, i) => i % 2 === 0).map((n) => n.toLowerCase());
    expect(all.filter((n) => n === 'x-signet-key-id')).toHaveLength(1);
    expect(verify(got).ok).toBe(true);
  });

  it('a public route needs no key, and forwards a signed identity-free request', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/v1/health' });
    expect(res.statusCode).toBe(201);
    const got = upstream.received[0]!;
    expect(got.headers['x-signet-key-id']).toBeUndefined();
    const verified = verify(got);
    expect(verified.ok && verified.identity.keyId).toBeNull();
  });

  it('a public route with a presented key authenticates it', async () => {
    const withKey = await signedCall(t, reader, { method: 'GET', path: '/v1/health' });
    expect(withKey.statusCode).toBe(201);
    expect(upstream.received[0]!.headers['x-signet-key-id']).toBe(reader.id);
    const bad = await signedCall(
      t,
      { ...reader, api_secret: 'wrong' },
      { method: 'GET', path: '/v1/health' },
    );
    expect(expectEnvelope(bad, 401, 'unauthenticated').error.details[0]!.reason).toBe('bad_signature');
    expect(upstream.received).toHaveLength(1);
  });

  it('Authorization is forwarded when the API says so', async () => {
    const config = ordersConfig(upstream.url);
    config.apis[0]!.forward_authorization = true;
    const other = await startGatewayApp(config);
    try {
      const owner = await signup(other.app, 'Forwarding Ltd');
      const key = await createKey(owner, ['orders:read']);
      const res = await signedCall(other, key, { method: 'GET', path: '/v1/orders/1' });
      expect(res.statusCode).toBe(201);
      expect(upstream.received[0]!.headers.authorization).toMatch(new RegExp(`^HMAC ${key.api_key}:`));
    } finally {
      await other.close();
    }
  });
});

describe('refusals never reach the upstream', () => {
  const refused = async (
    res: Awaited<ReturnType<typeof signedCall>>,
    status: number,
    code: string,
    reason?: string,
  ) => {
    const body = expectEnvelope(res, status, code);
    if (reason) expect(body.error.details[0]!.reason).toBe(reason);
    expect(upstream.received).toHaveLength(0);
  };

  it('bad signature, unknown key, stale Date, missing permission', async () => {
    await refused(
      await signedCall(
        t,
        { ...reader, api_secret: 'not-the-secret' },
        { method: 'GET', path: '/v1/orders/1' },
      ),
      401,
      'unauthenticated',
      'bad_signature',
    );
    await refused(
      await signedCall(
        t,
        { api_key: 'AAAAAAAAAAAAAAAAAAAAAA', api_secret: 'x' },
        { method: 'GET', path: '/v1/orders/1' },
      ),
      401,
      'unauthenticated',
      'unknown_key',
    );
    const stale = new Date(t.clock.now.getTime() - 20 * 60_000).toUTCString();
    await refused(
      await signedCall(t, reader, { method: 'GET', path: '/v1/orders/1', date: stale }),
      401,
      'unauthenticated',
      'clock_skew',
    );
    await refused(
      await signedCall(t, reader, {
        method: 'POST',
        path: '/v1/orders',
        body: '{}',
        contentType: 'application/json',
      }),
      403,
      'unauthorized',
      'permission_denied',
    );
    await refused(await t.app.inject({ method: 'GET', url: '/v1/orders/1' }), 401, 'unauthenticated');
  });

  it("an address outside the key's whitelist", async () => {
    const narrow = await createKey(root, ['orders:read'], ['203.0.113.0/24']);
    await refused(
      await signedCall(t, narrow, { method: 'GET', path: '/v1/orders/1', remoteAddress: '198.51.100.1' }),
      403,
      'unauthorized',
      'ip_not_allowed',
    );
    const ok = await signedCall(t, narrow, {
      method: 'GET',
      path: '/v1/orders/1',
      remoteAddress: '203.0.113.9',
    });
    expect(ok.statusCode).toBe(201);
    expect(upstream.received[0]!.headers['x-signet-client-ip']).toBe('203.0.113.9');
  });

  it('a suspended account', async () => {
    const owner = await signup(t.app, 'Suspended Gateway Ltd');
    const key = await createKey(owner, ['orders:read']);
    expect((await signedCall(t, key, { method: 'GET', path: '/v1/orders/1' })).statusCode).toBe(201);
    upstream.received.length = 0;
    await changeAccountStatus(t.ctx, owner.body.account.id, 'suspended', { operator: 'test' });
    await refused(
      await signedCall(t, key, { method: 'GET', path: '/v1/orders/1' }),
      403,
      'unauthorized',
      'account_not_active',
    );
  });

  it('a request no rule matches is a 404, signed or not, whatever its method', async () => {
    for (const [method, path] of [
      ['GET', '/v1/admin'],
      ['GET', '/v1/orders'],
      ['GET', '/v1/orders/'],
      ['PUT', '/v1/orders/1'],
      ['POST', '/v1/orders/1'],
      ['GET', '/v1'],
      ['GET', '/v1/'],
      ['GET', '/v1/orders//1'],
    ] as const) {
      await refused(await signedCall(t, writer, { method: method as 'GET', path }), 404, 'not_found');
    }
  });

  it('a path the upstream could read another way is refused (sent over a socket, as written)', async () => {
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    for (const path of [
      '/v1/orders/../admin',
      '/v1/orders/%2e%2e/admin',
      '/v1/orders/1%2F..%2Fadmin',
      '/v1/orders/%E0%A4%A',
      '/v1/orders/a%5Cb',
    ]) {
      const signed = signRequest({
        apiKey: reader.api_key,
        apiSecret: reader.api_secret,
        method: 'GET',
        path,
        date: t.clock.now.toUTCString(),
      });
      const res = await rawGet(address, path, signed.headers);
      expect(res.status, path).toBe(400);
      expect(JSON.parse(res.body).error.code).toBe('bad_request');
      expect(upstream.received).toHaveLength(0);
    }
  });

  it('a duplicated signed header', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/v1/orders/1',
      headers: {
        date: [t.clock.now.toUTCString(), t.clock.now.toUTCString()] as unknown as string,
        authorization: 'HMAC x:y',
      },
    });
    expect(res.statusCode).toBe(401);
    expect(upstream.received).toHaveLength(0);
  });

  it('a body over the limit is a 413', async () => {
    const small = await startGatewayApp(ordersConfig(upstream.url), { SIGNET_BODY_LIMIT_BYTES: '1024' });
    try {
      const owner = await signup(small.app, 'Small Bodies Ltd');
      const key = await createKey(owner, ['orders:write']);
      const res = await signedCall(small, key, {
        method: 'POST',
        path: '/v1/orders',
        body: 'x'.repeat(1025),
        contentType: 'text/plain',
      });
      expectEnvelope(res, 413, 'payload_too_large');
      expect(upstream.received).toHaveLength(0);
    } finally {
      await small.close();
    }
  });

  it('a key deleted in the dashboard fails its very next request', async () => {
    const key = await createKey(root, ['orders:read']);
    expect((await signedCall(t, key, { method: 'GET', path: '/v1/orders/1' })).statusCode).toBe(201);
    upstream.received.length = 0;
    expect((await root.request('DELETE', `/api-keys/${key.id}`)).statusCode).toBe(204);
    await refused(
      await signedCall(t, key, { method: 'GET', path: '/v1/orders/1' }),
      401,
      'unauthenticated',
      'unknown_key',
    );
  });
});

describe('upstream failures', () => {
  it('an upstream 500 is passed through as is', async () => {
    const res = await signedCall(t, reader, { method: 'GET', path: '/v1/fail' });
    expect(res.statusCode).toBe(500);
    expect(res.body).toBe('upstream broke');
    expect(res.headers['x-upstream']).toBe('yes');
    expect(res.headers['content-type']).toBe('text/plain');
  });

  it('an upstream that is down is a 502 envelope, counted and logged with the request id', async () => {
    const log = captureLog();
    const down = await startGatewayApp(
      ordersConfig(`http://127.0.0.1:${await closedPort()}`),
      { SIGNET_LOG_LEVEL: 'warn' },
      { logStream: log.stream },
    );
    try {
      const owner = await signup(down.app, 'Upstream Down Ltd');
      const key = await createKey(owner, ['orders:read']);
      const res = await signedCall(down, key, { method: 'GET', path: '/v1/orders/1' });
      const body = expectEnvelope(res, 502, 'bad_gateway');
      expect(body.error.message).toBe('the upstream could not be reached');
      const logged = log.lines().find((l) => l.msg === 'upstream unreachable');
      expect(logged).toMatchObject({
        reqId: res.headers['x-request-id'],
        api: 'orders',
        cause: 'ECONNREFUSED',
      });
      const metrics = (await down.app.inject({ method: 'GET', url: '/metrics' })).body;
      expect(metrics).toContain('signet_gateway_upstream_errors_total{api="orders",kind="unreachable"} 1');
    } finally {
      await down.close();
    }
  });

  it('an upstream that does not answer in time is a 504 envelope', async () => {
    const started = Date.now();
    const res = await signedCall(t, reader, { method: 'GET', path: '/v1/slow/1' });
    expectEnvelope(res, 504, 'gateway_timeout');
    // timeout_ms is 400 in the fixture: the answer comes after it, not after undici's default minutes.
    expect(Date.now() - started).toBeGreaterThanOrEqual(390);
    expect(upstream.received).toHaveLength(1);
  });

  it('a large response is streamed through whole', async () => {
    const res = await signedCall(t, reader, { method: 'GET', path: '/v1/big' });
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.length).toBe(4 * 1024 * 1024);
    expect(createHash('sha256').update(res.rawPayload).digest('hex')).toBe(
      createHash('sha256')
        .update(Buffer.alloc(4 * 1024 * 1024, 'x'))
        .digest('hex'),
    );
  });

  it('metrics count requests by rule and status class, refusals by reason, and upstream latency', async () => {
    await signedCall(t, reader, { method: 'GET', path: '/v1/orders/5' });
    await signedCall(t, reader, {
      method: 'POST',
      path: '/v1/orders',
      body: '{}',
      contentType: 'application/json',
    });
    const text = await (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
    const value = (series: string) =>
      Number(
        text
          .split('\n')
          .find((l) => l.startsWith(series + ' '))
          ?.slice(series.length + 1),
      );
    expect(
      value('signet_gateway_requests_total{api="orders",rule="GET /orders/*",status_class="2xx"}'),
    ).toBeGreaterThanOrEqual(1);
    expect(
      value('signet_gateway_requests_total{api="orders",rule="GET /slow/*",status_class="5xx"}'),
    ).toBeGreaterThanOrEqual(1);
    expect(
      value('signet_gateway_auth_failures_total{api="orders",reason="permission_denied"}'),
    ).toBeGreaterThanOrEqual(1);
    expect(value('signet_gateway_upstream_errors_total{api="orders",kind="timeout"}')).toBeGreaterThanOrEqual(
      1,
    );
    expect(
      value('signet_gateway_upstream_duration_seconds_count{api="orders",rule="GET /orders/*"}'),
    ).toBeGreaterThanOrEqual(1);
  });
});
