import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertAccount } from '../../../src/features/accounts/index.js';
import { resetPassword } from '../../../src/features/users/users-service.js';
import {
  addTeamMember,
  DashboardUser,
  expectEnvelope,
  login,
  PASSWORD,
  sessionCookie,
  signup,
  startTestApp,
  uniqueEmail,
  type TestApp,
} from '../../support/test-app.js';
import { createServiceToken, platformRequest } from '../platform/platform-test-kit.js';

let t: TestApp;
let portal: string;
beforeAll(async () => {
  t = await startTestApp();
  portal = (await createServiceToken(t, ['portal'])).token;
});
afterAll(() => t.close());

const TTL_MS = 5 * 60_000;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const tokenOf = (url: string) => new URL(url).pathname.split('/').pop()!;

function issue(accountId: string, email: string, role: string, token = portal) {
  return platformRequest(t, token, 'POST', `/accounts/${accountId}/portal-sessions`, { email, role });
}

/** Issues a link and returns its path (`/portal/<token>`). */
async function link(accountId: string, email: string, role: string): Promise<string> {
  const res = await issue(accountId, email, role);
  if (res.statusCode !== 201) throw new Error(`portal session failed: ${res.statusCode} ${res.body}`);
  return new URL(res.json().url).pathname;
}

const open = (url: string, method: 'GET' | 'HEAD' = 'GET') => t.app.inject({ method, url });

/** The browser after following the link: its cookie, and the CSRF token `/me` hands out. */
async function asBrowser(res: LightMyRequestResponse) {
  const cookie = sessionCookie(res);
  const me = await t.app.inject({ method: 'GET', url: '/dashboard/api/me', headers: { cookie } });
  expect(me.statusCode).toBe(200);
  const body = me.json();
  return { me: body, user: new DashboardUser(t.app, cookie, body.csrf_token, body) };
}

async function usersWithEmail(email: string) {
  return t.ctx.db.kysely
    .selectFrom('users')
    .select(['id', 'account_id', 'role'])
    .where('email', '=', email)
    .execute();
}

async function auditOf(accountId: string, action: string) {
  return t.ctx.db.kysely
    .selectFrom('audit_log')
    .select(['actor', 'actor_user_id', 'target', 'ip'])
    .where('account_id', '=', accountId)
    .where('action', '=', action)
    .orderBy('id')
    .execute();
}

/** An account as the platform API provisions it: no users yet (so no Root). */
const bareAccount = (name = 'Platform Co') => insertAccount(t.ctx, t.ctx.db.kysely, name, 'active');

describe('POST /platform/v1/accounts/{id}/portal-sessions', () => {
  it('answers a one-time link valid 5 minutes, storing only its hash, audited with the token', async () => {
    const root = await signup(t.app);
    const named = await createServiceToken(t, ['portal']);
    const email = uniqueEmail('dev');
    const res = await issue(root.body.account.id, email, 'admin', named.token);
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(Object.keys(body)).toEqual(['url', 'expires_at']);
    expect(body.url).toMatch(/^http:\/\/localhost:8080\/portal\/[A-Za-z0-9_-]{43}$/);
    expect(Date.parse(body.expires_at) - t.clock.now.getTime()).toBe(TTL_MS);

    const token = tokenOf(body.url);
    const rows = await t.ctx.db.kysely.selectFrom('portal_sessions').selectAll().execute();
    const row = rows.find((r) => r.token_hash === sha256(token));
    expect(row).toMatchObject({ account_id: root.body.account.id, email, role: 'admin', used_at: null });
    expect(JSON.stringify(rows)).not.toContain(token);

    expect(await auditOf(root.body.account.id, 'portal_session.created')).toEqual([
      { actor: `token:${named.name}`, actor_user_id: null, target: `${email} as admin`, ip: '127.0.0.1' },
    ]);
  });

  it('needs a token with the portal scope', async () => {
    const root = await signup(t.app);
    const other = await createServiceToken(t, ['accounts:read']);
    const url = `/accounts/${root.body.account.id}/portal-sessions`;
    const payload = { email: uniqueEmail(), role: 'view' };
    expectEnvelope(await platformRequest(t, null, 'POST', url, payload), 401, 'unauthenticated');
    const denied = expectEnvelope(
      await platformRequest(t, other.token, 'POST', url, payload),
      403,
      'unauthorized',
    );
    expect(denied.error.details).toEqual([{ reason: 'missing_scope', scope: 'portal' }]);
  });

  it('unknown account is 404; bad input is 422 with one detail per field', async () => {
    expectEnvelope(await issue('no-such-account', uniqueEmail(), 'view'), 404, 'not_found');
    const root = await signup(t.app);
    const bad = expectEnvelope(
      await platformRequest(t, portal, 'POST', `/accounts/${root.body.account.id}/portal-sessions`, {
        email: 'not an e-mail',
        role: 'owner',
      }),
      422,
      'validation_failed',
    );
    expect(bad.error.details.map((d) => d.field).sort()).toEqual(['email', 'role']);
    const missing = expectEnvelope(
      await platformRequest(t, portal, 'POST', `/accounts/${root.body.account.id}/portal-sessions`, {}),
      422,
      'validation_failed',
    );
    expect(missing.error.details.map((d) => d.field).sort()).toEqual(['email', 'role']);
  });

  it('an e-mail of another account’s user is refused (409)', async () => {
    const a = await signup(t.app, 'A');
    const b = await signup(t.app, 'B');
    const refused = expectEnvelope(
      await issue(b.body.account.id, a.body.user.email, 'view'),
      409,
      'conflict',
    );
    expect(refused.error.details).toEqual([{ field: 'email', reason: 'other_account' }]);
    expect(await auditOf(b.body.account.id, 'portal_session.created')).toEqual([]);
  });

  it('a Root cannot be granted when the account already has its Root (409); its own Root may be', async () => {
    const root = await signup(t.app);
    const refused = expectEnvelope(await issue(root.body.account.id, uniqueEmail(), 'root'), 409, 'conflict');
    expect(refused.error.details).toEqual([{ field: 'role', reason: 'root_exists' }]);

    const self = await open(await link(root.body.account.id, root.body.user.email, 'root'));
    expect(self.statusCode).toBe(302);
    expect((await asBrowser(self)).me.user).toMatchObject({ id: root.body.user.id, role: 'root' });
  });
});

describe('GET /portal/{token}', () => {
  it('creates the user with the role, logs them in as a login does and lands on Integration > API', async () => {
    const root = await signup(t.app);
    const email = uniqueEmail('support');
    const res = await open(await link(root.body.account.id, email, 'support'));
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/integration/api');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    const cookie = res.cookies.find((c) => c.name === 'signet_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie?.maxAge).toBe(Math.floor(t.config.sessionMaxMs / 1000));

    const { me, user } = await asBrowser(res);
    expect(me).toMatchObject({
      user: { email, role: 'support' },
      account: { id: root.body.account.id, status: 'active' },
    });
    // The session is a full one: the CSRF token works for a state-changing request.
    expect((await user.request('DELETE', '/session')).statusCode).toBe(204);

    const users = await usersWithEmail(email);
    expect(users).toEqual([{ id: me.user.id, account_id: root.body.account.id, role: 'support' }]);
    expect(await auditOf(root.body.account.id, 'portal_session.used')).toEqual([
      {
        actor: email,
        actor_user_id: me.user.id,
        target: `${email} as support (user created)`,
        ip: '127.0.0.1',
      },
    ]);
    // Nobody knows the created user's password: it is not a way in.
    const pw = await t.app.inject({
      method: 'POST',
      url: '/dashboard/api/session',
      payload: { email, password: PASSWORD },
    });
    expectEnvelope(pw, 401, 'unauthenticated');
  });

  it('works once: a second GET is 404, and HEAD never uses a link up', async () => {
    const root = await signup(t.app);
    const url = await link(root.body.account.id, uniqueEmail('view'), 'view');
    const head = await open(url, 'HEAD');
    expect(head.statusCode).toBe(404);
    expect(head.cookies).toEqual([]);

    expect((await open(url)).statusCode).toBe(302);
    const again = await open(url);
    expectEnvelope(again, 404, 'not_found');
    expect(again.headers['content-type']).toMatch(/^application\/json/);
    expect(again.cookies).toEqual([]);
  });

  it('concurrent GETs of one link: exactly one logs in', async () => {
    const root = await signup(t.app);
    const email = uniqueEmail('view');
    const url = await link(root.body.account.id, email, 'view');
    const answers = await Promise.all([open(url), open(url), open(url)]);
    expect(answers.map((r) => r.statusCode).sort()).toEqual([302, 404, 404]);
    expect(await usersWithEmail(email)).toHaveLength(1);
  });

  it('expires 5 minutes after it was issued; expired and unknown links answer like used ones', async () => {
    const root = await signup(t.app);
    const early = await link(root.body.account.id, uniqueEmail('view'), 'view');
    const late = await link(root.body.account.id, uniqueEmail('view'), 'view');
    t.clock.advance(TTL_MS - 1000);
    expect((await open(early)).statusCode).toBe(302);
    t.clock.advance(1000);
    const expired = expectEnvelope(await open(late), 404, 'not_found');
    const unknown = expectEnvelope(await open(`/portal/${'x'.repeat(43)}`), 404, 'not_found');
    expect(expired.error).toEqual(unknown.error);
  });

  it('creates the user once; an existing member keeps their role', async () => {
    const root = await signup(t.app);
    const email = uniqueEmail('dev');
    const first = await asBrowser(await open(await link(root.body.account.id, email, 'create')));
    const second = await asBrowser(await open(await link(root.body.account.id, email, 'admin')));
    expect(second.me.user).toEqual(first.me.user);
    expect(second.me.user.role).toBe('create');
    expect(await usersWithEmail(email)).toHaveLength(1);

    const admin = await addTeamMember(t.app, root, 'admin');
    const member = await asBrowser(
      await open(await link(root.body.account.id, admin.body.user.email, 'view')),
    );
    expect(member.me.user).toMatchObject({ id: admin.body.user.id, role: 'admin' });
    const used = await auditOf(root.body.account.id, 'portal_session.used');
    expect(used.map((u) => u.target)).toEqual([
      `${email} as create (user created)`,
      `${email} as create`,
      `${admin.body.user.email} as admin`,
    ]);
  });

  it('two links for one new person opened at once create one user', async () => {
    const account = await bareAccount();
    const email = uniqueEmail('dev');
    const urls = await Promise.all([1, 2, 3].map(() => link(account.id, email, 'view')));
    const answers = await Promise.all(urls.map((u) => open(u)));
    expect(answers.map((r) => r.statusCode)).toEqual([302, 302, 302]);
    const ids = await Promise.all(answers.map(async (r) => (await asBrowser(r)).me.user.id));
    expect(new Set(ids).size).toBe(1);
    expect(await usersWithEmail(email)).toHaveLength(1);
  });

  it('a person who has meanwhile become another account’s user is refused (409), nothing changes', async () => {
    const a = await bareAccount('A');
    const b = await bareAccount('B');
    const email = uniqueEmail('dev');
    const intoB = await link(b.id, email, 'view');
    expect((await open(await link(a.id, email, 'view'))).statusCode).toBe(302);
    const refused = await open(intoB);
    expectEnvelope(refused, 409, 'conflict');
    expect(refused.cookies).toEqual([]);
    expect(await usersWithEmail(email)).toEqual([expect.objectContaining({ account_id: a.id })]);
    expect(await auditOf(b.id, 'portal_session.used')).toEqual([]);
  });

  it('grants the Root of an account without one, once', async () => {
    const account = await bareAccount();
    const first = uniqueEmail('root');
    const second = uniqueEmail('root');
    const firstUrl = await link(account.id, first, 'root');
    const secondUrl = await link(account.id, second, 'root'); // issued while there is no Root yet
    const root = await asBrowser(await open(firstUrl));
    expect(root.me.user).toMatchObject({ email: first, role: 'root' });
    const refused = expectEnvelope(await open(secondUrl), 409, 'conflict');
    expect(refused.error.details).toEqual([{ field: 'role', reason: 'root_exists' }]);
    expect(await usersWithEmail(second)).toEqual([]);
    // The Root can do what a Root does, e.g. invite.
    const inv = await root.user.request('POST', '/invitations', { email: uniqueEmail(), role: 'view' });
    expect(inv.statusCode).toBe(201);
  });

  it('two Root links for an account without one, opened at once: one Root, the other 409', async () => {
    const account = await bareAccount();
    const urls = await Promise.all([
      link(account.id, uniqueEmail('r'), 'root'),
      link(account.id, uniqueEmail('r'), 'root'),
    ]);
    const answers = await Promise.all(urls.map((u) => open(u)));
    expect(answers.map((r) => r.statusCode).sort()).toEqual([302, 409]);
    const roots = await t.ctx.db.kysely
      .selectFrom('users')
      .select('id')
      .where('account_id', '=', account.id)
      .where('role', '=', 'root')
      .execute();
    expect(roots).toHaveLength(1);
  });

  it('a portal user can log in with a password once an operator has set one', async () => {
    const root = await signup(t.app);
    const email = uniqueEmail('dev');
    await open(await link(root.body.account.id, email, 'view'));
    expect(await resetPassword(t.ctx, email, PASSWORD, { operator: 'test' })).toBe(true);
    expect((await login(t.app, email)).body.user.email).toBe(email);
  });
});

describe('/portal with the dashboard app served', () => {
  let web: TestApp;
  let webDist: string;
  beforeAll(async () => {
    webDist = fs.mkdtempSync(path.join(os.tmpdir(), 'signet-web-'));
    fs.writeFileSync(path.join(webDist, 'index.html'), '<!doctype html><title>Signet</title>');
    web = await startTestApp({}, { webDist });
  });
  afterAll(async () => {
    await web.close();
    fs.rmSync(webDist, { recursive: true, force: true });
  });

  it('client-side routes load the app, but no /portal path ever does', async () => {
    const app = await web.app.inject({ method: 'GET', url: '/integration/api' });
    expect(app.statusCode).toBe(200);
    expect(app.body).toContain('<title>Signet</title>');
    for (const url of [
      '/portal',
      '/portal/',
      `/portal/${'x'.repeat(43)}`,
      `/portal/${'x'.repeat(300)}`,
      '/portal/a/b',
      '/portal/%00',
      '/portal/x?next=/',
    ]) {
      for (const method of ['GET', 'HEAD'] as const) {
        const res = await web.app.inject({ method, url });
        expect(res.statusCode, `${method} ${url}`).toBe(404);
        expect(res.headers['content-type'], `${method} ${url}`).toMatch(/^application\/json/);
        if (method === 'GET') expectEnvelope(res, 404, 'not_found');
      }
    }
    const post = await web.app.inject({ method: 'POST', url: '/portal/x' });
    expect(post.statusCode).toBe(405);
  });
});
