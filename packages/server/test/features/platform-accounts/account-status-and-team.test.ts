import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionCookie, startTestApp, uniqueEmail, type TestApp } from '../../support/test-app.js';
import { createServiceToken } from '../platform/platform-test-kit.js';

let t: TestApp;
let token: { name: string; token: string };
beforeAll(async () => {
  t = await startTestApp({ SIGNET_MODE: 'production' });
  token = await createServiceToken(t, ['accounts:write', 'accounts:read', 'portal']);
});
afterAll(() => t.close());

const call = (method: 'GET' | 'POST', url: string, body?: unknown, remoteAddress?: string) =>
  t.app.inject({
    method,
    url: `/platform/v1${url}`,
    headers: { authorization: `Bearer ${token.token}` },
    ...(body === undefined ? {} : { payload: body as object }),
    ...(remoteAddress ? { remoteAddress } : {}),
  });

async function created(rootEmail?: string): Promise<string> {
  const res = await call('POST', '/accounts', {
    name: 'Status Co',
    ...(rootEmail ? { root_email: rootEmail } : {}),
  });
  expect(res.statusCode).toBe(201);
  return res.json().account.id;
}

const statusLines = (accountId: string) =>
  t.ctx.db.kysely
    .selectFrom('audit_log')
    .select(['actor', 'action', 'ip'])
    .where('account_id', '=', accountId)
    .where('action', 'in', ['account.activated', 'account.suspended'])
    .orderBy('id')
    .execute();

describe('activate and suspend through the platform API', () => {
  it('audit the caller’s address; setting the status an account has writes nothing', async () => {
    const id = await created();
    expect((await call('POST', `/accounts/${id}/activate`, undefined, '203.0.113.7')).json().status).toBe(
      'active',
    );
    expect((await call('POST', `/accounts/${id}/activate`, undefined, '203.0.113.7')).json().status).toBe(
      'active',
    );
    expect((await call('POST', `/accounts/${id}/suspend`, undefined, '203.0.113.8')).json().status).toBe(
      'suspended',
    );
    expect(await statusLines(id)).toEqual([
      { actor: `token:${token.name}`, action: 'account.activated', ip: '203.0.113.7' },
      { actor: `token:${token.name}`, action: 'account.suspended', ip: '203.0.113.8' },
    ]);
  });
});

describe('the team of an account created with a Root invitation', () => {
  it('lists the pending Root invitation (the Users page does not fail on it)', async () => {
    const rootEmail = uniqueEmail('root');
    const id = await created(rootEmail);
    await call('POST', `/accounts/${id}/activate`);
    const portal = await call('POST', `/accounts/${id}/portal-sessions`, {
      email: uniqueEmail('adm'),
      role: 'admin',
    });
    expect(portal.statusCode).toBe(201);
    const opened = await t.app.inject({ method: 'GET', url: new URL(portal.json().url).pathname });
    const cookie = sessionCookie(opened);
    const team = await t.app.inject({ method: 'GET', url: '/dashboard/api/users', headers: { cookie } });
    expect(team.statusCode).toBe(200);
    expect(team.json().invitations).toEqual([expect.objectContaining({ email: rootEmail, role: 'root' })]);
  });
});
