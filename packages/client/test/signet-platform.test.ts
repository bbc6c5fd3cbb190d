import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SignetApiError, SignetPlatform, verifyIncomingRequest } from '../src/index.js';

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

const TOKEN = 'sgt_abcdefghijklmnopqrstuvwxyz012345';
let server: Server;
let baseUrl: string;
let received: Received[] = [];
function req(i: number): Received {
  const r = received[i];
  if (!r) throw new Error(`no request #${i}`);
  return r;
}
let answer: { status: number; body: unknown } = { status: 200, body: {} };

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      });
      res.writeHead(answer.status, { 'content-type': 'application/json', 'x-request-id': 'req_hdr' });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  received = [];
  answer = { status: 200, body: {} };
});

const platform = () => new SignetPlatform({ baseUrl, token: TOKEN });
const view = {
  id: 'acc_1',
  name: 'Shop',
  external_id: 'ext-1',
  status: 'pending',
  users_count: 0,
  keys_count: 0,
  callback_url_set: false,
  created_at: '2026-12-02T00:00:00.000Z',
};

describe('SignetPlatform', () => {
  it('createAccount posts JSON with the bearer token and the Idempotency-Key', async () => {
    answer = { status: 201, body: { account: view, invitation_url: 'http://x/invite/abc' } };
    const created = await platform().createAccount(
      { name: 'Shop', external_id: 'ext-1', root_email: 'root@shop.test' },
      { idempotencyKey: 'k-1' },
    );
    expect(created.account.id).toBe('acc_1');
    expect(created.invitation_url).toBe('http://x/invite/abc');
    const r = req(0);
    expect(r.method).toBe('POST');
    expect(r.url).toBe('/platform/v1/accounts');
    expect(r.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(r.headers['idempotency-key']).toBe('k-1');
    expect(r.headers['content-type']).toBe('application/json');
    expect(JSON.parse(r.body)).toEqual({ name: 'Shop', external_id: 'ext-1', root_email: 'root@shop.test' });
  });

  it('sends no Idempotency-Key unless given, and no body on GET', async () => {
    answer = { status: 200, body: view };
    await platform().getAccount('acc_1');
    expect(req(0).headers['idempotency-key']).toBeUndefined();
    expect(req(0).body).toBe('');
    expect(req(0).url).toBe('/platform/v1/accounts/acc_1');
  });

  it('each method hits its method and path', async () => {
    const p = platform();
    answer = { status: 200, body: { data: [view], meta: { has_more: true } } };
    const list = await p.listAccounts({ limit: 1, starting_after: 'acc_0' });
    expect(list.meta.has_more).toBe(true);
    answer = { status: 200, body: view };
    await p.getAccountByExternalId('a/b c');
    await p.activateAccount('acc_1');
    await p.suspendAccount('acc_1');
    answer = { status: 201, body: { url: 'http://x/portal/t', expires_at: '2026-12-02T00:05:00.000Z' } };
    const portal = await p.createPortalSession('acc_1', {
      email: 'dev@shop.test',
      role: 'admin',
    });
    expect(portal.url).toBe('http://x/portal/t');
    answer = { status: 202, body: { id: 'cb_1' } };
    const event = await p.publishEvent(
      'acc_1',
      { type: 'Order', event: 'paid', data: { n: 1 } },
      { idempotencyKey: 'e-1' },
    );
    expect(event.id).toBe('cb_1');
    expect(received.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET /platform/v1/accounts?limit=1&starting_after=acc_0',
      'GET /platform/v1/accounts/by-external-id/a%2Fb%20c',
      'POST /platform/v1/accounts/acc_1/activate',
      'POST /platform/v1/accounts/acc_1/suspend',
      'POST /platform/v1/accounts/acc_1/portal-sessions',
      'POST /platform/v1/accounts/acc_1/events',
    ]);
    expect(req(5).headers['idempotency-key']).toBe('e-1');
    expect(JSON.parse(req(4).body)).toEqual({ email: 'dev@shop.test', role: 'admin' });
  });

  it('errors become SignetApiError with the envelope', async () => {
    answer = {
      status: 403,
      body: {
        error: {
          code: 'unauthorized',
          message: 'missing scope',
          details: [{ reason: 'missing_scope', scope: 'portal' }],
        },
        meta: { request_id: 'req_1' },
      },
    };
    const error = await platform()
      .createPortalSession('acc_1', { email: 'a@b.test', role: 'admin' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SignetApiError);
    expect(error).toMatchObject({
      status: 403,
      code: 'unauthorized',
      requestId: 'req_1',
      details: [{ reason: 'missing_scope', scope: 'portal' }],
    });
  });

  it('verifyIncomingRequest sends the headers as received and the body md5', async () => {
    answer = { status: 200, body: { valid: false, reason: 'bad_signature', string_to_sign: 'x' } };
    const raw = new TextEncoder().encode('{"a":1}');
    const decision = await verifyIncomingRequest(
      platform(),
      {
        method: 'POST',
        url: '/api/invoices?x=1',
        headers: {
          'Content-Type': 'application/json',
          date: 'Wed, 02 Dec 2026 19:00:00 GMT',
          authorization: 'HMAC k:s',
        },
        rawBody: raw,
      },
      { permission: 'invoices:write', clientIp: '10.0.0.1' },
    );
    expect(decision).toEqual({ valid: false, reason: 'bad_signature', string_to_sign: 'x' });
    expect(req(0).url).toBe('/platform/v1/verify');
    expect(JSON.parse(req(0).body)).toEqual({
      method: 'POST',
      path: '/api/invoices?x=1',
      content_type: 'application/json',
      date: 'Wed, 02 Dec 2026 19:00:00 GMT',
      authorization: 'HMAC k:s',
      body_md5: createHash('md5').update('{"a":1}').digest('hex'),
      client_ip: '10.0.0.1',
      permission: 'invoices:write',
    });
  });

  it('verifyIncomingRequest sends no body_md5 for an empty body', async () => {
    answer = { status: 200, body: { valid: true, account_id: null, key_id: null, permissions: [] } };
    await verifyIncomingRequest(
      platform(),
      { method: 'GET', url: '/api/rates', headers: {} },
      { permission: 'public', clientIp: '::1' },
    );
    expect(JSON.parse(req(0).body)).toEqual({
      method: 'GET',
      path: '/api/rates',
      client_ip: '::1',
      permission: 'public',
    });
  });
});
