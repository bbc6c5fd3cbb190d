import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoggedTestApp, type LoggedTestApp } from '../../support/log-capture.js';
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
  let t: LoggedTestApp;
  let from = 0;
  /** Lines written since `from` (the log is shared by the file's tests). */
  const lines = () => t.log.lines<LogLine>().slice(from);
  beforeAll(async () => {
    t = await startLoggedTestApp();
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
    expect(t.log.text).not.toContain(token.token);
  });

  it('names no token on a refused call', async () => {
    from = t.log.lines().length;
    expect((await platformRequest(t, 'sgt_not-a-real-token', 'GET', '/accounts')).statusCode).toBe(401);
    const completed = lines().filter((l) => l.msg === 'request completed');
    expect(completed).toHaveLength(1);
    expect(completed[0]).not.toHaveProperty('token');
    expect(completed[0]?.res?.statusCode).toBe(401);
  });
});
