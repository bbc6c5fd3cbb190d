import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfTokenFor } from '../../../src/features/sessions/csrf-token.js';
import { expectEnvelope, login, signup, startTestApp, type TestApp } from '../../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('CSRF tokens (derived from the session, never stored)', () => {
  it('the sessions table holds no CSRF token, nor anything a request could carry', async () => {
    const root = await signup(t.app);
    const rows = await t.ctx.db.kysely.selectFrom('sessions').selectAll().execute();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(Object.keys(row)).not.toContain('csrf_token');
    const stored = JSON.stringify(rows);
    expect(stored).not.toContain(root.csrf);
    expect(stored).not.toContain(root.cookie.replace(/^signet_session=/, ''));
  });

  it('is stable for a session, differs between sessions, and only its own session accepts it', async () => {
    const root = await signup(t.app);
    const me = await t.app.inject({
      method: 'GET',
      url: '/dashboard/api/me',
      headers: { cookie: root.cookie },
    });
    expect(me.json().csrf_token).toBe(root.csrf);
    const second = await login(t.app, root.body.user.email);
    expect(second.csrf).not.toBe(root.csrf);
    const crossed = await t.app.inject({
      method: 'PUT',
      url: '/dashboard/api/callback-settings',
      headers: { cookie: second.cookie, 'x-csrf-token': root.csrf },
      payload: { callback_url: null },
    });
    expectEnvelope(crossed, 403, 'csrf_failed');
    expect((await second.request('PUT', '/callback-settings', { callback_url: null })).statusCode).toBe(200);
  });

  it('is an HMAC keyed by the cookie value, unlike its stored SHA-256', () => {
    expect(csrfTokenFor('a')).not.toBe(csrfTokenFor('b'));
    expect(csrfTokenFor('a')).toBe(csrfTokenFor('a'));
    expect(csrfTokenFor('a')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
