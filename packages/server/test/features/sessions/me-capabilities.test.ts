import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addTeamMember,
  expectEnvelope,
  signup,
  startTestApp,
  type DashboardUser,
  type TestApp,
} from '../../support/test-app.js';

/**
 * `GET /me` tells the dashboard what the user may do: one verdict per capability, decided by the
 * same rule as the access hook, so the web never compares roles or account states itself.
 */
const allowed = { allowed: true };
const byRole = { allowed: false, reason: 'role' };
const notActivated = { allowed: false, reason: 'account_not_activated' };

async function capabilitiesOf(user: DashboardUser) {
  const res = await user.request('GET', '/me');
  expect(res.statusCode).toBe(200);
  return res.json().capabilities as Record<string, unknown>;
}

describe('GET /me capabilities', () => {
  let sandbox: TestApp;
  let production: TestApp;
  beforeAll(async () => {
    [sandbox, production] = await Promise.all([startTestApp(), startTestApp({ SIGNET_MODE: 'production' })]);
  });
  afterAll(() => Promise.all([sandbox.close(), production.close()]));

  it('root of an active account may do everything', async () => {
    const root = await signup(sandbox.app);
    expect(root.body.account.status).toBe('active');
    expect(await capabilitiesOf(root)).toEqual({
      session: allowed,
      'users.read': allowed,
      'users.manage': allowed,
      integration: allowed,
      'audit.read': allowed,
      'sandbox.read': allowed,
      'sandbox.simulate': allowed,
    });
  });

  it('a view user is refused by role, and the refusal matches what the routes answer', async () => {
    const root = await signup(sandbox.app);
    const view = await addTeamMember(sandbox.app, root, 'view');
    expect(await capabilitiesOf(view)).toEqual({
      session: allowed,
      'users.read': byRole,
      'users.manage': byRole,
      integration: byRole,
      'audit.read': byRole,
      'sandbox.read': allowed,
      'sandbox.simulate': byRole,
    });
    expectEnvelope(await view.request('GET', '/callback-settings'), 403, 'unauthorized');
    expectEnvelope(await view.request('GET', '/audit-log'), 403, 'unauthorized');
  });

  it('root of a pending account is refused what needs activation, with that reason', async () => {
    const root = await signup(production.app);
    expect(root.body.account.status).toBe('pending');
    expect(await capabilitiesOf(root)).toEqual({
      session: allowed,
      'users.read': allowed,
      'users.manage': allowed,
      integration: notActivated,
      'audit.read': allowed,
      'sandbox.read': allowed,
      'sandbox.simulate': notActivated,
    });
    expectEnvelope(await root.request('GET', '/callback-settings'), 403, 'account_not_activated');
    // A refused capability says why; an allowed one carries no reason at all.
    const me = (await root.request('GET', '/me')).json();
    expect(Object.keys(me.capabilities.session)).toEqual(['allowed']);
  });
});
