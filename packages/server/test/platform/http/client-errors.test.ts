import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest } from '../../reliability/raw-http.js';
import { expectEnvelope, startTestApp, type TestApp } from '../../support/test-app.js';

/**
 * Regression (found by test/reliability/hostile-corpus.test.ts): requests Node's HTTP parser
 * rejects, and paths Fastify's router rejects (bad percent-encoding, a parameter over
 * maxParamLength), were answered with Fastify's own `{"error","code","message","statusCode"}` body
 * instead of the documented envelope, and without an X-Request-Id.
 */
let t: TestApp;
let port: number;
beforeAll(async () => {
  t = await startTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = (t.app.server.address() as AddressInfo).port;
});
afterAll(() => t.close());

const cases: [string, string, number][] = [
  ['NUL in a header value', 'GET /dashboard/api/me HTTP/1.1\r\nHost: a\r\nX-A: a\0b\r\n\r\n', 400],
  [
    'conflicting Content-Length',
    'POST /api/invoices HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n',
    400,
  ],
  [
    'header over the size limit',
    `GET /api/invoices HTTP/1.1\r\nHost: a\r\nX-A: ${'a'.repeat(20_000)}\r\n\r\n`,
    431,
  ],
  ['not HTTP at all', 'HELLO\r\n\r\n', 400],
];

describe('requests the HTTP parser rejects', () => {
  it.each(cases)('%s: the error envelope with a request id', async (_name, request, status) => {
    const res = await rawRequest(port, Buffer.from(request, 'latin1'));
    expect(res.status).toBe(status);
    const body = JSON.parse(res.body);
    expect(body.error).toMatchObject({ code: 'bad_request', details: [] });
    expect(body.meta.request_id).toMatch(/^[0-9a-f]{32}$/);
    expect(res.headers['x-request-id']).toBe(body.meta.request_id);
  });
});

describe('paths the router rejects', () => {
  it.each([
    ['/api/invoices/%zz%', 400],
    ['/dashboard/api/callbacks/%c0%ae%c0%ae/resend', 400],
    ['/api/invoices/%ff%fe', 400],
    [`/api/invoices/${'a'.repeat(500)}`, 414],
    [`/dashboard/api/callbacks/${'b'.repeat(300)}/resend`, 414],
  ] as const)('%s: the error envelope, path not echoed', async (url, status) => {
    const res = await t.app.inject({ method: 'GET', url });
    expect(res.statusCode).toBe(status);
    expectEnvelope(res, status, 'bad_request');
    expect(res.body).not.toContain(url.slice(5, 40));
  });
});
