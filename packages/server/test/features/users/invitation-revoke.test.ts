import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addTeamMember,
  expectEnvelope,
  PASSWORD,
  signup,
  startTestApp,
  uniqueEmail,
  type DashboardUser,
  type TestApp,
} from '../../support/test-app.js';

/** Issue 13, finding 4: an invitation can be revoked, and its link then works no more. */

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const tokenOf = (url: string) => new URL(url).pathname.split('/').pop()!;
const accept = (url: string) =>
  t.app.inject({
    method: 'POST',
    url: `/dashboard/api/invitations/${tokenOf(url)}/accept`,
    payload: { password: PASSWORD },
  });

async function invite(root: DashboardUser, email = uniqueEmail('revoked')) {
  const res = await root.request('POST', '/invitations', { email, role: 'support' });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; email: string; invitation_url: string };
}

describe('DELETE /dashboard/api/invitations/{id}', () => {
  it('Root revokes: 204, no longer listed, the link answers as an unknown one, and the audit log says so', async () => {
    const root = await signup(t.app);
    const inv = await invite(root);
    const unknown = expectEnvelope(
      await t.app.inject({
        method: 'POST',
        url: '/dashboard/api/invitations/not-a-real-token/accept',
        payload: { password: PASSWORD },
      }),
      404,
      'not_found',
    );

    const res = await root.request('DELETE', `/invitations/${inv.id}`);
    expect(res.statusCode, res.body).toBe(204);
    expect(res.body).toBe('');

    const listed = (await root.request('GET', '/users')).json().invitations as { id: string }[];
    expect(listed.map((i) => i.id)).not.toContain(inv.id);

    const refused = expectEnvelope(await accept(inv.invitation_url), 404, 'not_found');
    expect(refused.error.message).toBe(unknown.error.message);
    const users = (await root.request('GET', '/users')).json().data as { email: string }[];
    expect(users.map((u) => u.email)).not.toContain(inv.email);

    const audit = (await root.request('GET', '/audit-log')).json().data as {
      action: string;
      actor: string;
      target: string;
    }[];
    expect(audit[0]).toMatchObject({
      action: 'invitation.revoked',
      actor: root.body.user.email,
      target: `${inv.email} as support`,
    });

    // Revoked once: a second revocation finds nothing.
    expectEnvelope(await root.request('DELETE', `/invitations/${inv.id}`), 404, 'not_found');
    // The address can be invited again, with a new link that works.
    const again = await invite(root, inv.email);
    expect((await accept(again.invitation_url)).statusCode).toBe(201);
  });

  it('only a role that can invite may revoke; another account, an accepted or unknown invitation are 404', async () => {
    const root = await signup(t.app);
    const admin = await addTeamMember(t.app, root, 'admin');
    const inv = await invite(root);
    expectEnvelope(await admin.request('DELETE', `/invitations/${inv.id}`), 403, 'unauthorized');

    const other = await signup(t.app);
    expectEnvelope(await other.request('DELETE', `/invitations/${inv.id}`), 404, 'not_found');
    expectEnvelope(await root.request('DELETE', '/invitations/no-such-id'), 404, 'not_found');

    const used = await invite(root);
    expect((await accept(used.invitation_url)).statusCode).toBe(201);
    expectEnvelope(await root.request('DELETE', `/invitations/${used.id}`), 404, 'not_found');

    // The refused attempts changed nothing: the link still works.
    expect((await accept(inv.invitation_url)).statusCode).toBe(201);
  });

  it('needs the CSRF token', async () => {
    const root = await signup(t.app);
    const inv = await invite(root);
    expectEnvelope(
      await root.request('DELETE', `/invitations/${inv.id}`, undefined, { 'x-csrf-token': 'wrong' }),
      403,
      'csrf_failed',
    );
  });

  it('a revocation racing an acceptance: exactly one of them wins', async () => {
    const root = await signup(t.app);
    for (let i = 0; i < 5; i++) {
      const inv = await invite(root);
      const [revoked, accepted] = await Promise.all([
        root.request('DELETE', `/invitations/${inv.id}`),
        accept(inv.invitation_url),
      ]);
      const outcome = [revoked.statusCode, accepted.statusCode];
      expect([
        [204, 404],
        [404, 201],
      ]).toContainEqual(outcome);
      const joined = (await root.request('GET', '/users')).json().data as { email: string }[];
      expect(joined.some((u) => u.email === inv.email)).toBe(accepted.statusCode === 201);
    }
  });
});
