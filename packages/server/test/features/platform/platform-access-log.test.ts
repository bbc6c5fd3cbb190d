import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { createServiceToken, platformRequest } from './platform-test-kit.js';

interface LogLine {
  msg?: string;
  token?: string;
  req?: { method: string; url: string };
  res?: { statusCode: number };
}

/**
 * Reads and /verify change nothing, so they write no audit line; the access log is where every
 * platform call is found, under the name of the token that made it (never the token itself).
 */
describe('platform calls in the access log', () => {
  let t: TestApp;
  let raw = '';
  const lines = (): LogLine[] =>
    raw
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as LogLine);
  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _enc, cb) {
        raw += chunk.toString('utf8');
        cb();
      },
    });
    t = await startTestApp({ SIGNET_LOG_LEVEL: 'info' }, { logStream: sink });
  });
  afterAll(() => t.close());

  it('names the token on each admitted call, reads and /verify included', async () => {
    const token = await createServiceToken(t, ['accounts:read', 'verify']);
    expect((await platformRequest(t, token.token, 'GET', '/accounts')).statusCode).toBe(200);
    const verify = await platformRequest(t, token.token, 'POST', '/verify', {
      method: 'GET',
      path: '/api/rates',
      client_ip: '127.0.0.1',
      permission: 'public',
    });
    expect(verify.statusCode).toBe(200);
    const completed = lines().filter(
      (l) => l.msg === 'request completed' && l.req?.url.startsWith('/platform/v1'),
    );
    expect(completed.map((l) => [l.req?.method, l.req?.url, l.token])).toEqual([
      ['GET', '/platform/v1/accounts', token.name],
      ['POST', '/platform/v1/verify', token.name],
    ]);
    expect(raw).not.toContain(token.token);
  });

  it('names no token on a refused call', async () => {
    raw = '';
    expect((await platformRequest(t, 'sgt_not-a-real-token', 'GET', '/accounts')).statusCode).toBe(401);
    const completed = lines().filter((l) => l.msg === 'request completed');
    expect(completed).toHaveLength(1);
    expect(completed[0]).not.toHaveProperty('token');
    expect(completed[0]?.res?.statusCode).toBe(401);
  });
});
