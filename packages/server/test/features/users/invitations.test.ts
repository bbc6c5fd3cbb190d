import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectEnvelope,
  PASSWORD,
  sessionCookie,
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

const tokenOf = (url: string) => new URL(url).pathname.split('/').pop()!;
const accept = (token: string, password = PASSWORD) =>
  t.app.inject({ method: 'POST', url: `/dashboard/api/invitations/${token}/accept`, payload: { password } });

describe('invitations', () => {
  it('Root invites; the link is shown to the inviter, works once and logs the invitee in with the role', async () => {
    const root = await signup(t.app);
    const email = uniqueEmail('view');
    const inv = await root.request('POST', '/invitations', { email, role: 'view' });
    expect(inv.statusCode).toBe(201);
    const body = inv.json();
    expect(body).toMatchObject({ email, role: 'view', emailed: false });
    expect(body.invitation_url).toMatch(/^http:\/\/localhost:8080\/invite\/[A-Za-z0-9_-]{43}$/);
    expect(Date.parse(body.expires_at) - t.clock.now.getTime()).toBe(6 * 3600_000);

    const listed = (await root.request('GET', '/users')).json();
    expect(listed.invitations.map((i: { email: string }) => i.email)).toContain(email);

    const first = await accept(tokenOf(body.invitation_url));
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({
      user: { email, role: 'view' },
      account: { id: root.body.account.id },
    });
    expect(sessionCookie(first)).toMatch(/^signet_session=/);

    expectEnvelope(await accept(tokenOf(body.invitation_url)), 404, 'not_found');
    const after = (await root.request('GET', '/users')).json();
    expect(after.data.map((u: { email: string }) => u.email)).toContain(email);
    expect(after.invitations.map((i: { email: string }) => i.email)).not.toContain(email);
  });

  it('expires after 6 hours', async () => {
    const root = await signup(t.app);
    const inv = (await root.request('POST', '/invitations', { email: uniqueEmail(), role: 'admin' })).json();
    t.clock.advance(6 * 3600_000 + 1);
    expectEnvelope(await accept(tokenOf(inv.invitation_url)), 404, 'not_found');
  });

  it('concurrent acceptance of one link creates exactly one user', async () => {
    const root = await signup(t.app);
    const inv = (
      await root.request('POST', '/invitations', { email: uniqueEmail(), role: 'support' })
    ).json();
    const results = await Promise.all([1, 2, 3, 4].map(() => accept(tokenOf(inv.invitation_url))));
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(1);
    for (const r of results.filter((r) => r.statusCode !== 201)) expect([404, 409]).toContain(r.statusCode);
  });

  it('rejects a bad role, root as a role, a bad e-mail, an existing user, and a weak password', async () => {
    const root = await signup(t.app);
    const bad = expectEnvelope(
      await root.request('POST', '/invitations', { email: 'nope', role: 'owner' }),
      422,
      'validation_failed',
    );
    expect(bad.error.details.map((d) => d.field).sort()).toEqual(['email', 'role']);
    expectEnvelope(
      await root.request('POST', '/invitations', { email: uniqueEmail(), role: 'root' }),
      422,
      'validation_failed',
    );
    expectEnvelope(
      await root.request('POST', '/invitations', { email: root.body.user.email, role: 'view' }),
      409,
      'conflict',
    );
    const inv = (await root.request('POST', '/invitations', { email: uniqueEmail(), role: 'view' })).json();
    const weak = expectEnvelope(await accept(tokenOf(inv.invitation_url), 'short'), 422, 'validation_failed');
    expect(weak.error.details[0]).toMatchObject({ field: 'password' });
  });
});

describe('team management', () => {
  it('exactly one Root: it cannot be demoted or removed, and no one can be made Root', async () => {
    const root = await signup(t.app);
    expectEnvelope(
      await root.request('PATCH', `/users/${root.body.user.id}`, { role: 'admin' }),
      409,
      'conflict',
    );
    expectEnvelope(await root.request('DELETE', `/users/${root.body.user.id}`), 409, 'conflict');
    const inv = (await root.request('POST', '/invitations', { email: uniqueEmail(), role: 'admin' })).json();
    const admin = (await accept(tokenOf(inv.invitation_url))).json();
    expectEnvelope(
      await root.request('PATCH', `/users/${admin.user.id}`, { role: 'root' }),
      422,
      'validation_failed',
    );
    const users = (await root.request('GET', '/users')).json().data as { role: string }[];
    expect(users.filter((u) => u.role === 'root')).toHaveLength(1);
  });

  it('a role change applies at once: the member is logged out of old sessions', async () => {
    const root = await signup(t.app);
    const inv = (await root.request('POST', '/invitations', { email: uniqueEmail(), role: 'admin' })).json();
    const res = await accept(tokenOf(inv.invitation_url));
    const cookie = sessionCookie(res);
    const id = res.json().user.id;
    const patched = await root.request('PATCH', `/users/${id}`, { role: 'view' });
    expect(patched.json()).toMatchObject({ id, role: 'view' });
    const me = await t.app.inject({ method: 'GET', url: '/dashboard/api/me', headers: { cookie } });
    expect(me.statusCode).toBe(401);
  });

  it("another account's user is not found", async () => {
    const a = await signup(t.app);
    const b = await signup(t.app);
    const inv = (await b.request('POST', '/invitations', { email: uniqueEmail(), role: 'view' })).json();
    const member = (await accept(tokenOf(inv.invitation_url))).json();
    expectEnvelope(await a.request('PATCH', `/users/${member.user.id}`, { role: 'admin' }), 404, 'not_found');
    expectEnvelope(await a.request('DELETE', `/users/${member.user.id}`), 404, 'not_found');
  });

  it('removing a member ends their sessions and they cannot log in', async () => {
    const root = await signup(t.app);
    const email = uniqueEmail();
    const inv = (await root.request('POST', '/invitations', { email, role: 'create' })).json();
    const res = await accept(tokenOf(inv.invitation_url));
    expect((await root.request('DELETE', `/users/${res.json().user.id}`)).statusCode).toBe(204);
    const me = await t.app.inject({
      method: 'GET',
      url: '/dashboard/api/me',
      headers: { cookie: sessionCookie(res) },
    });
    expect(me.statusCode).toBe(401);
    const login = await t.app.inject({
      method: 'POST',
      url: '/dashboard/api/session',
      payload: { email, password: PASSWORD },
    });
    expect(login.statusCode).toBe(401);
  });
});
