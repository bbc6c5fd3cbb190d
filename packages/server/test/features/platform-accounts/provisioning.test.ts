import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from '../../support/eventually.js';
import {
  DashboardUser,
  expectEnvelope,
  PASSWORD,
  sessionCookie,
  startPeerApp,
  uniqueEmail,
  type TestApp,
} from '../../support/test-app.js';
import {
  createKey,
  merchantFeatures,
  signedCall,
  signedCallOn,
  startMerchantTestApp,
} from '../merchant-auth/merchant-test-kit.js';
import { createServiceToken, platformRequest } from '../platform/platform-test-kit.js';

// A platform's backend provisions a merchant end to end, in production mode (accounts start pending).
let t: TestApp;
let peer: TestApp;
beforeAll(async () => {
  t = await startMerchantTestApp({ SIGNET_MODE: 'production' });
  peer = await startPeerApp(t, { features: merchantFeatures });
});
afterAll(async () => {
  await peer.close();
  await t.close();
});

describe('provisioning through the platform API', () => {
  it('create with a Root invitation → accept → activate → a dashboard key works → suspend → 403', async () => {
    const { token, name } = await createServiceToken(t, ['accounts:write', 'accounts:read']);
    const email = uniqueEmail('merchant-root');
    const created = await platformRequest(t, token, 'POST', '/accounts', {
      name: 'Platform Merchant',
      external_id: `merchant-${Date.now()}`,
      root_email: email,
    });
    expect(created.statusCode).toBe(201);
    const { account, invitation_url } = created.json();
    expect(account.status).toBe('pending');

    // The merchant's person accepts the link (as addTeamMember does) and is the account's Root.
    const inviteToken = new URL(invitation_url).pathname.split('/').pop();
    const accepted = await t.app.inject({
      method: 'POST',
      url: `/dashboard/api/invitations/${inviteToken}/accept`,
      payload: { password: PASSWORD },
    });
    expect(accepted.statusCode).toBe(201);
    const acceptedBody = accepted.json();
    expect(acceptedBody).toMatchObject({ user: { email, role: 'root' }, account: { id: account.id } });
    const root = new DashboardUser(t.app, sessionCookie(accepted), acceptedBody.csrf_token, acceptedBody);
    // Pending: no credentials yet.
    expectEnvelope(
      await root.request('POST', '/api-keys', {
        name: 'k',
        permissions: ['invoices:read'],
        ip_whitelist: [],
      }),
      403,
      'account_not_activated',
    );
    const counted = await platformRequest(t, token, 'GET', `/accounts/${account.id}`);
    expect(counted.json()).toMatchObject({ users_count: 1, keys_count: 0, status: 'pending' });

    const activated = await platformRequest(t, token, 'POST', `/accounts/${account.id}/activate`);
    expect(activated.statusCode).toBe(200);
    expect(activated.json()).toMatchObject({ id: account.id, status: 'active' });

    const key = await createKey(root, ['invoices:read']);
    expect((await signedCall(t, key, { method: 'GET', path: '/api/test/echo' })).statusCode).toBe(200);
    const onPeer = () => signedCallOn(peer.app, new Date(), key, { method: 'GET', path: '/api/test/echo' });
    expect(await waitUntil(async () => (await onPeer()).statusCode === 200, 1000)).toBe(true);
    expect((await platformRequest(t, token, 'GET', `/accounts/${account.id}`)).json()).toMatchObject({
      users_count: 1,
      keys_count: 1,
    });

    const suspended = await platformRequest(t, token, 'POST', `/accounts/${account.id}/suspend`);
    expect(suspended.statusCode).toBe(200);
    expect(suspended.json().status).toBe('suspended');
    const started = performance.now();
    const denied = await signedCall(t, key, { method: 'GET', path: '/api/test/echo' });
    expect(expectEnvelope(denied, 403, 'unauthorized').error.details).toEqual([
      { reason: 'account_not_active' },
    ]);
    // And on every instance within a second.
    expect(await waitUntil(async () => (await onPeer()).statusCode === 403, 1000)).toBe(true);
    expect(performance.now() - started).toBeLessThan(1000);

    const audit = await t.ctx.db.kysely
      .selectFrom('audit_log')
      .select(['actor', 'action'])
      .where('account_id', '=', account.id)
      .orderBy('id')
      .execute();
    const byToken = audit.filter((a) => a.actor === `token:${name}`).map((a) => a.action);
    expect(byToken).toEqual([
      'account.created',
      'invitation.created',
      'account.activated',
      'account.suspended',
    ]);
  });
});
