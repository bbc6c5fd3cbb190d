import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEATURES } from '../../../src/features.js';
import { createServiceToken } from '../../../src/features/platform/index.js';
import { ConfigError, loadConfig } from '../../../src/platform/config.js';
import { openDb } from '../../../src/platform/db/connect.js';
import { migrateToLatest } from '../../../src/platform/db/migrate.js';
import { migrationsOf } from '../../../src/platform/feature.js';
import type { Mailer } from '../../../src/platform/mail/mailer.js';
import {
  DashboardUser,
  expectEnvelope,
  login,
  PASSWORD,
  pgQuery,
  signup,
  startPeerApp,
  startTestApp,
  testDatabaseUrl,
  uniqueEmail,
  type TestApp,
} from '../../support/test-app.js';

/**
 * Issue 13, finding 4 (invitation spam) and finding 7 (e-mail enumeration through invitations):
 * inviting needs an active account, is rate-limited per account in the database, pending
 * invitations are capped, one e-mail has at most one live invitation per account, and inviting an
 * address that belongs to another account's user answers as for anyone else.
 */

const tokenOf = (url: string) => new URL(url).pathname.split('/').pop()!;

let t: TestApp;
let prod: TestApp;
let tight: TestApp;
beforeAll(async () => {
  [t, prod, tight] = await Promise.all([
    startTestApp(),
    startTestApp({ SIGNET_MODE: 'production' }),
    startTestApp({ SIGNET_INVITATIONS_PER_HOUR: '4', SIGNET_MAX_PENDING_INVITATIONS: '3' }),
  ]);
});
afterAll(async () => {
  await Promise.all([t.close(), prod.close(), tight.close()]);
});

const accept = (app: TestApp, url: string) =>
  app.app.inject({
    method: 'POST',
    url: `/dashboard/api/invitations/${tokenOf(url)}/accept`,
    payload: { password: PASSWORD },
  });

const setStatus = (app: TestApp, accountId: string, status: 'pending' | 'active' | 'suspended') =>
  app.ctx.db.kysely.updateTable('accounts').set({ status }).where('id', '=', accountId).execute();

const openInvitationsFor = (app: TestApp, accountId: string, email: string) =>
  app.ctx.db.kysely
    .selectFrom('invitations')
    .select('id')
    .where('account_id', '=', accountId)
    .where('email', '=', email)
    .where('accepted_at', 'is', null)
    .where('revoked_at' as never, 'is', null)
    .execute();

describe('settings', () => {
  it('have defaults and are validated', () => {
    const config = loadConfig({});
    expect(config.invitationsPerHour).toBe(20);
    expect(config.maxPendingInvitations).toBe(50);
    for (const [name, value] of [
      ['SIGNET_INVITATIONS_PER_HOUR', '0'],
      ['SIGNET_INVITATIONS_PER_HOUR', 'many'],
      ['SIGNET_MAX_PENDING_INVITATIONS', '-1'],
    ] as const)
      expect(() => loadConfig({ [name]: value }), `${name}=${value}`).toThrow(ConfigError);
  });
});

describe('an active account is needed to invite (production mode)', () => {
  it('a pending account gets 403 account_not_activated and sends nothing; once active it may invite', async () => {
    const root = await signup(prod.app);
    expect(root.body.account.status).toBe('pending');
    const sent: string[] = [];
    const mailer = prod.ctx.mailer;
    prod.ctx.mailer = { send: async (to) => (sent.push(to), false) } satisfies Mailer;
    try {
      const refused = expectEnvelope(
        await root.request('POST', '/invitations', { email: uniqueEmail(), role: 'view' }),
        403,
        'account_not_activated',
      );
      expect(refused.error.message).toMatch(/pending/);
      expect(sent).toEqual([]);
      expect((await root.request('GET', '/users')).json().invitations).toEqual([]);

      await setStatus(prod, root.body.account.id, 'active');
      expect(
        (await root.request('POST', '/invitations', { email: uniqueEmail(), role: 'view' })).statusCode,
      ).toBe(201);
      expect(sent).toHaveLength(1);

      await setStatus(prod, root.body.account.id, 'suspended');
      expectEnvelope(
        await root.request('POST', '/invitations', { email: uniqueEmail(), role: 'view' }),
        403,
        'account_not_activated',
      );
    } finally {
      prod.ctx.mailer = mailer;
    }
  });

  it("the platform still creates a pending account's Root invitation, and the Root can accept it", async () => {
    const token = await createServiceToken(prod.ctx, 'invitation-limits', ['accounts:write']);
    const rootEmail = uniqueEmail('platform-root');
    const created = await prod.app.inject({
      method: 'POST',
      url: '/platform/v1/accounts',
      headers: { authorization: `Bearer ${token.token}` },
      payload: { name: 'Provisioned Ltd', root_email: rootEmail },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().account.status).toBe('pending');
    const accepted = await accept(prod, created.json().invitation_url);
    expect(accepted.statusCode, accepted.body).toBe(201);
    expect(accepted.json()).toMatchObject({ user: { email: rootEmail, role: 'root' } });
  });
});

describe('rate limit per account', () => {
  it('refuses the invitation over the hourly limit with 429 and Retry-After, on every instance', async () => {
    const root = await signup(tight.app);
    const invite = () => root.request('POST', '/invitations', { email: uniqueEmail(), role: 'view' });
    // Accepted invitations still count: the limit is on invitations sent, not on those pending.
    const first = await invite();
    expect(first.statusCode).toBe(201);
    expect((await accept(tight, first.json().invitation_url)).statusCode).toBe(201);
    expect((await invite()).statusCode).toBe(201);
    expect((await invite()).statusCode).toBe(201);
    const fourth = await invite();
    expect(fourth.statusCode).toBe(201);
    expect((await accept(tight, fourth.json().invitation_url)).statusCode).toBe(201);

    const limited = await root.request('POST', '/invitations', { email: uniqueEmail(), role: 'view' });
    const body = expectEnvelope(limited, 429, 'rate_limited');
    expect(body.error.message).toMatch(/4 invitations per hour/);
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3600);

    // Another instance on the same database counts the same rows.
    const peer = await startPeerApp(tight);
    try {
      const viaPeer = new DashboardUser(peer.app, root.cookie, root.csrf, root.body);
      expectEnvelope(
        await viaPeer.request('POST', '/invitations', { email: uniqueEmail(), role: 'view' }),
        429,
        'rate_limited',
      );
    } finally {
      await peer.close();
    }

    // Another account has its own budget.
    const other = await signup(tight.app);
    expect(
      (await other.request('POST', '/invitations', { email: uniqueEmail(), role: 'view' })).statusCode,
    ).toBe(201);

    tight.clock.advance(3600_000 + 1000);
    // A fresh login: an hour on, the session no longer counts as recently authenticated.
    const again = await login(tight.app, root.body.user.email);
    expect(
      (await again.request('POST', '/invitations', { email: uniqueEmail(), role: 'view' })).statusCode,
    ).toBe(201);
  });

  it('holds under concurrent invitations: exactly the limit get through', async () => {
    const root = await signup(tight.app);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        root.request('POST', '/invitations', { email: uniqueEmail(`c${i}`), role: 'view' }),
      ),
    );
    const codes = results.map((r) => r.statusCode).sort();
    // The pending cap (3) is below the hourly limit (4): three get in, the rest are refused.
    expect(codes.filter((c) => c === 201)).toHaveLength(3);
    for (const r of results.filter((r) => r.statusCode !== 201)) expectEnvelope(r, 409, 'conflict');
    const pending = (await root.request('GET', '/users')).json().invitations;
    expect(pending).toHaveLength(3);
  });
});

describe('pending invitations are capped per account', () => {
  it('a fourth pending invitation is a 409; an expired or accepted one frees its place', async () => {
    const root = await signup(tight.app);
    const urls: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await root.request('POST', '/invitations', { email: uniqueEmail(), role: 'view' });
      expect(res.statusCode).toBe(201);
      urls.push(res.json().invitation_url);
    }
    const over = expectEnvelope(
      await root.request('POST', '/invitations', { email: uniqueEmail(), role: 'view' }),
      409,
      'conflict',
    );
    expect(over.error.message).toMatch(/3 pending invitations/);

    expect((await accept(tight, urls[0]!)).statusCode).toBe(201);
    expect(
      (await root.request('POST', '/invitations', { email: uniqueEmail(), role: 'view' })).statusCode,
    ).toBe(201);

    tight.clock.advance(6 * 3600_000 + 1);
    // The hour has passed too: three more fit, since all earlier ones have expired or were used
    // (a fresh login: the session has expired meanwhile).
    const again = await login(tight.app, root.body.user.email);
    for (let i = 0; i < 3; i++)
      expect(
        (await again.request('POST', '/invitations', { email: uniqueEmail(), role: 'view' })).statusCode,
      ).toBe(201);
  });
});

describe('one live invitation per e-mail and account', () => {
  it('inviting the same e-mail again replaces the earlier invitation: its link stops working', async () => {
    const root = await signup(t.app);
    const email = uniqueEmail('twice');
    const first = await root.request('POST', '/invitations', { email, role: 'view' });
    const second = await root.request('POST', '/invitations', { email, role: 'admin' });
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.json().id).not.toBe(first.json().id);

    const listed = (await root.request('GET', '/users')).json().invitations as {
      email: string;
      role: string;
    }[];
    expect(listed.filter((i) => i.email === email)).toEqual([expect.objectContaining({ role: 'admin' })]);

    expectEnvelope(await accept(t, first.json().invitation_url), 404, 'not_found');
    const joined = await accept(t, second.json().invitation_url);
    expect(joined.statusCode).toBe(201);
    expect(joined.json().user.role).toBe('admin');

    const audit = (await root.request('GET', '/audit-log')).json().data as {
      action: string;
      target: string;
    }[];
    expect(audit.filter((e) => e.action === 'invitation.revoked')).toEqual([
      expect.objectContaining({ target: `${email} as view (replaced)` }),
    ]);
  });

  it('concurrent invitations of one e-mail leave exactly one live invitation, and one working link', async () => {
    const root = await signup(t.app);
    const email = uniqueEmail('race');
    const results = await Promise.all(
      Array.from({ length: 8 }, () => root.request('POST', '/invitations', { email, role: 'view' })),
    );
    for (const r of results) expect([201, 409], r.body).toContain(r.statusCode);
    expect(await openInvitationsFor(t, root.body.account.id, email)).toHaveLength(1);
    const links = results.filter((r) => r.statusCode === 201).map((r) => r.json().invitation_url as string);
    const outcomes = [];
    for (const link of links) outcomes.push((await accept(t, link)).statusCode);
    expect(outcomes.filter((s) => s === 201)).toHaveLength(1);
  });
});

describe('e-mail enumeration (finding 7)', () => {
  it("inviting another account's user answers exactly as inviting an unknown address", async () => {
    const root = await signup(t.app);
    const elsewhere = await signup(t.app, 'Other Ltd');
    const sent: { to: string; text: string }[] = [];
    const mailer = t.ctx.mailer;
    t.ctx.mailer = { send: async (to, _subject, text) => (sent.push({ to, text }), true) } satisfies Mailer;
    try {
      const taken = await root.request('POST', '/invitations', {
        email: elsewhere.body.user.email,
        role: 'view',
      });
      const fresh = await root.request('POST', '/invitations', { email: uniqueEmail(), role: 'view' });
      expect(taken.statusCode, taken.body).toBe(201);
      expect(fresh.statusCode).toBe(201);
      expect(Object.keys(taken.json()).sort()).toEqual(Object.keys(fresh.json()).sort());
      expect(taken.json()).toMatchObject({ email: elsewhere.body.user.email, role: 'view', emailed: true });
      const listed = (await root.request('GET', '/users')).json().invitations as { email: string }[];
      expect(listed.map((i) => i.email)).toContain(elsewhere.body.user.email);
      // The address's owner hears of it (and that it cannot be accepted); the inviter learns nothing.
      const notice = sent.find((m) => m.to === elsewhere.body.user.email);
      expect(notice?.text).toMatch(/already has a Signet login/);
      expect(notice?.text).not.toContain(taken.json().invitation_url);
      // The other account's user is untouched.
      const me = await elsewhere.request('GET', '/me');
      expect(me.json().account.id).toBe(elsewhere.body.account.id);
    } finally {
      t.ctx.mailer = mailer;
    }
  });

  it('a member of this team invited again gets a clear 409 (the inviter sees the team anyway)', async () => {
    const root = await signup(t.app);
    const conflictBody = expectEnvelope(
      await root.request('POST', '/invitations', { email: root.body.user.email, role: 'view' }),
      409,
      'conflict',
    );
    expect(conflictBody.error.message).toBe('this person is already a member of the team');
    expect(conflictBody.error.details).toEqual([{ field: 'email' }]);
  });

  it('signup of a taken e-mail keeps its 409 but only says to log in', async () => {
    const existing = await signup(t.app);
    const res = await t.app.inject({
      method: 'POST',
      url: '/dashboard/api/signup',
      payload: { business_name: 'Again', email: existing.body.user.email, password: PASSWORD },
    });
    const body = expectEnvelope(res, 409, 'conflict');
    expect(body.error.message).toBe('this e-mail address cannot sign up; if it is yours, log in instead');
    expect(body.error.details).toEqual([{ field: 'email' }]);
  });
});

describe('migration 010_invitations on a database that already has duplicates', () => {
  it('keeps the newest open invitation of each address, closes the others, then holds one per address', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signet-migration-'));
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const db = await openDb({
      dataDir: dir,
      databaseUrl: testDatabaseUrl,
      pgSchema: testDatabaseUrl ? schema : undefined,
    });
    try {
      const all = migrationsOf(FEATURES);
      await migrateToLatest(
        db,
        Object.fromEntries(Object.entries(all).filter(([name]) => name < '010_invitations')),
      );
      const k = db.kysely as unknown as Kysely<Record<string, Record<string, unknown>>>;
      await k
        .insertInto('accounts')
        .values({
          id: 'acc',
          name: 'Spammed',
          status: 'pending',
          callback_url: null,
          callback_secret_enc: 'x',
          callback_secret_key_id: 'k',
          created_at: '2025-01-01T00:00:00.000Z',
          updated_at: '2025-01-01T00:00:00.000Z',
        })
        .execute();
      const inv = (id: string, email: string, day: number, acceptedAt: string | null = null) => ({
        id,
        account_id: 'acc',
        email,
        role: 'view',
        token_hash: `hash-${id}`,
        invited_by: '',
        created_at: `2025-01-0${day}T00:00:00.000Z`,
        expires_at: '2999-01-01T00:00:00.000Z',
        accepted_at: acceptedAt,
      });
      await k
        .insertInto('invitations')
        .values([
          inv('a1', 'a@example.com', 1),
          inv('a2', 'a@example.com', 2),
          inv('a3', 'a@example.com', 3),
          inv('b1', 'b@example.com', 1),
          inv('b2', 'b@example.com', 2, '2025-01-03T00:00:00.000Z'),
        ])
        .execute();

      expect(await migrateToLatest(db, all)).toContain('010_invitations');
      const open = await k
        .selectFrom('invitations')
        .select('id')
        .where('revoked_at', 'is', null)
        .orderBy('id')
        .execute();
      expect(open.map((r) => r.id)).toEqual(['a3', 'b1', 'b2']);
      await expect(
        k
          .insertInto('invitations')
          .values(inv('a4', 'a@example.com', 4))
          .execute(),
      ).rejects.toThrow();
    } finally {
      await db.close();
      if (testDatabaseUrl) await pgQuery(`drop schema if exists ${schema} cascade`);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
