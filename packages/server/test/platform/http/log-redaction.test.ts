import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redactUrl } from '../../../src/platform/http/logging.js';
import { startLoggedTestApp, type LoggedTestApp } from '../../support/log-capture.js';
import { signup } from '../../support/test-app.js';

/**
 * Regression (found by test/reliability/secrets-in-logs.test.ts): the invitation link the invitee
 * opens, `/invite/<token>`, was logged with its token, and so was any query string of the accept
 * URL. Only `/invitations/<token>/accept` had its path segment redacted.
 */
describe('redactUrl', () => {
  it('hides invitation tokens in the link and the accept URL, query strings included', () => {
    expect(redactUrl('/invite/abcDEF123_-')).toBe('/invite/[redacted]');
    expect(redactUrl('/invite/abc?utm=x')).toBe('/invite/[redacted]?[redacted]');
    expect(redactUrl('/dashboard/api/invitations/tok/accept')).toBe(
      '/dashboard/api/invitations/[redacted]/accept',
    );
    expect(redactUrl('/dashboard/api/invitations/tok/accept?t=tok')).toBe(
      '/dashboard/api/invitations/[redacted]/accept?[redacted]',
    );
    expect(redactUrl('/dashboard/api/invitations')).toBe('/dashboard/api/invitations');
    expect(redactUrl('/api/invoices?limit=5')).toBe('/api/invoices?limit=5');
  });
});

describe('an opened invitation link in the request log', () => {
  let t: LoggedTestApp;
  beforeAll(async () => {
    t = await startLoggedTestApp();
  });
  afterAll(() => t.close());

  it('does not hold the token', async () => {
    const root = await signup(t.app);
    const inv = await root.request('POST', '/invitations', { email: 'invitee@example.com', role: 'view' });
    const link = new URL(inv.json().invitation_url);
    const token = link.pathname.split('/').pop()!;
    await t.app.inject({ method: 'GET', url: `${link.pathname}?from=mail` });
    await t.app.inject({
      method: 'POST',
      url: `/dashboard/api/invitations/${token}/accept?t=${token}`,
      payload: {},
    });
    expect(t.log.text).toContain('/invite/[redacted]');
    expect(t.log.text).not.toContain(token);
  });
});
