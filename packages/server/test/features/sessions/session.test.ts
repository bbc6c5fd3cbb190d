import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectEnvelope,
  login,
  PASSWORD,
  signup,
  startTestApp,
  uniqueEmail,
  type TestApp,
} from '../../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('signup, login, logout, me', () => {
  it('signup creates the account, its Root user and a session', async () => {
    const root = await signup(t.app, 'Acme');
    expect(root.body.user.role).toBe('root');
    expect(root.body.account.status).toBe('active'); // sandbox mode
    const me = await root.request('GET', '/me');
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({
      user: { id: root.body.user.id, email: root.body.user.email, role: 'root' },
      account: { id: root.body.account.id, name: 'Acme', status: 'active' },
      csrf_token: root.csrf,
    });
  });

  it('the session cookie is httpOnly and not readable by scripts', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/dashboard/api/signup',
      payload: { business_name: 'X', email: uniqueEmail(), password: PASSWORD },
    });
    const cookie = res.cookies.find((c) => c.name === 'signet_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
    expect(cookie?.secure).toBeFalsy(); // public URL is http here
  });

  it('duplicate e-mail is a 409 conflict', async () => {
    const root = await signup(t.app);
    const res = await t.app.inject({
      method: 'POST',
      url: '/dashboard/api/signup',
      payload: { business_name: 'Again', email: root.body.user.email, password: PASSWORD },
    });
    expectEnvelope(res, 409, 'conflict');
  });

  it('unknown e-mail and wrong password answer identically', async () => {
    const root = await signup(t.app);
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/dashboard/api/session',
      payload: { email: root.body.user.email, password: 'not the password' },
    });
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/dashboard/api/session',
      payload: { email: uniqueEmail('nobody'), password: 'not the password' },
    });
    const a = expectEnvelope(wrong, 401, 'unauthenticated');
    const b = expectEnvelope(unknown, 401, 'unauthenticated');
    expect(a.error).toEqual(b.error);
  });

  it('login with the right password works; logout ends the session', async () => {
    const root = await signup(t.app);
    const again = await login(t.app, root.body.user.email);
    expect((await again.request('GET', '/me')).statusCode).toBe(200);
    const out = await again.request('DELETE', '/session');
    expect(out.statusCode).toBe(204);
    expectEnvelope(await again.request('GET', '/me'), 401, 'unauthenticated');
    // The other session is untouched.
    expect((await root.request('GET', '/me')).statusCode).toBe(200);
  });

  it('no cookie or a forged cookie is 401', async () => {
    expectEnvelope(await t.app.inject({ method: 'GET', url: '/dashboard/api/me' }), 401, 'unauthenticated');
    expectEnvelope(
      await t.app.inject({
        method: 'GET',
        url: '/dashboard/api/me',
        headers: { cookie: 'signet_session=forged' },
      }),
      401,
      'unauthenticated',
    );
  });

  it('sessions expire after the idle timeout and after the absolute lifetime', async () => {
    const root = await signup(t.app);
    t.clock.advance(t.config.sessionIdleMs - 60_000);
    expect((await root.request('GET', '/me')).statusCode).toBe(200); // activity slides the idle window
    t.clock.advance(t.config.sessionIdleMs - 60_000);
    expect((await root.request('GET', '/me')).statusCode).toBe(200);
    t.clock.advance(t.config.sessionIdleMs + 1);
    expectEnvelope(await root.request('GET', '/me'), 401, 'unauthenticated');

    const other = await login(t.app, root.body.user.email);
    const steps = Math.ceil(t.config.sessionMaxMs / (t.config.sessionIdleMs / 2));
    let last = 200;
    for (let i = 0; i < steps + 1 && last === 200; i++) {
      t.clock.advance(t.config.sessionIdleMs / 2);
      last = (await other.request('GET', '/me')).statusCode;
    }
    expect(last).toBe(401);
  });
});

describe('CSRF', () => {
  it('state-changing requests need the X-CSRF-Token of the session', async () => {
    const root = await signup(t.app);
    const missing = await root.request(
      'PUT',
      '/callback-settings',
      { callback_url: null },
      { 'x-csrf-token': '' },
    );
    expectEnvelope(missing, 403, 'csrf_failed');
    const wrong = await root.request(
      'PUT',
      '/callback-settings',
      { callback_url: null },
      { 'x-csrf-token': 'x'.repeat(32) },
    );
    expectEnvelope(wrong, 403, 'csrf_failed');
    const other = await signup(t.app);
    const foreign = await root.request('DELETE', '/session', undefined, { 'x-csrf-token': other.csrf });
    expectEnvelope(foreign, 403, 'csrf_failed');
    expect((await root.request('PUT', '/callback-settings', { callback_url: null })).statusCode).toBe(200);
  });

  it('GET does not need the token', async () => {
    const root = await signup(t.app);
    expect((await root.request('GET', '/me', undefined, { 'x-csrf-token': '' })).statusCode).toBe(200);
  });
});

describe('login throttling', () => {
  it('answers 429 after repeated failures for one e-mail, even with the right password', async () => {
    const root = await signup(t.app);
    for (let i = 0; i < 5; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/dashboard/api/session',
        payload: { email: root.body.user.email, password: `wrong ${i}` },
      });
      expect(res.statusCode).toBe(401);
    }
    const blocked = await t.app.inject({
      method: 'POST',
      url: '/dashboard/api/session',
      payload: { email: root.body.user.email, password: PASSWORD },
    });
    expectEnvelope(blocked, 429, 'rate_limited');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    t.clock.advance(15 * 60_000 + 1000);
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/dashboard/api/session',
          payload: { email: root.body.user.email, password: PASSWORD },
        })
      ).statusCode,
    ).toBe(200);
  });
});
