import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../../src/core/access/roles.js';
import {
  addTeamMember,
  expectEnvelope,
  signup,
  startTestApp,
  uniqueEmail,
  type DashboardUser,
  type TestApp,
} from '../../support/test-app.js';

/**
 * Every role against every management endpoint of the foundation. Each case builds what it needs
 * (a fresh target user for PATCH/DELETE) so that allowed calls really succeed.
 */
interface Endpoint {
  name: string;
  allowed: readonly Role[];
  integration?: boolean;
  call(user: DashboardUser, root: DashboardUser): Promise<{ statusCode: number; body: string }>;
  ok: number;
}

const rootAdmin = ['root', 'admin'] as const;

const endpoints: Endpoint[] = [
  { name: 'GET /me', allowed: ROLES, ok: 200, call: (u) => u.request('GET', '/me') },
  { name: 'GET /users', allowed: rootAdmin, ok: 200, call: (u) => u.request('GET', '/users') },
  {
    name: 'POST /invitations',
    allowed: ['root'],
    ok: 201,
    call: (u) => u.request('POST', '/invitations', { email: uniqueEmail('inv'), role: 'view' }),
  },
  {
    name: 'PATCH /users/:id',
    allowed: ['root'],
    ok: 200,
    call: async (u, root) => {
      const target = await addTeamMember(t.app, root, 'view');
      return u.request('PATCH', `/users/${target.body.user.id}`, { role: 'support' });
    },
  },
  {
    name: 'DELETE /users/:id',
    allowed: ['root'],
    ok: 204,
    call: async (u, root) => {
      const target = await addTeamMember(t.app, root, 'view');
      return u.request('DELETE', `/users/${target.body.user.id}`);
    },
  },
  { name: 'GET /audit-log', allowed: rootAdmin, ok: 200, call: (u) => u.request('GET', '/audit-log') },
  {
    name: 'GET /callback-settings',
    allowed: rootAdmin,
    integration: true,
    ok: 200,
    call: (u) => u.request('GET', '/callback-settings'),
  },
  {
    name: 'PUT /callback-settings',
    allowed: rootAdmin,
    integration: true,
    ok: 200,
    call: (u) => u.request('PUT', '/callback-settings', { callback_url: 'https://merchant.example/cb' }),
  },
  {
    name: 'GET /callback-settings/secret',
    allowed: rootAdmin,
    integration: true,
    ok: 200,
    call: (u) => u.request('GET', '/callback-settings/secret'),
  },
  {
    name: 'POST /callback-settings/secret',
    allowed: rootAdmin,
    integration: true,
    ok: 200,
    call: (u) => u.request('POST', '/callback-settings/secret'),
  },
  { name: 'DELETE /session', allowed: ROLES, ok: 204, call: (u) => u.request('DELETE', '/session') },
];

let t: TestApp;
let prod: TestApp;
beforeAll(async () => {
  [t, prod] = await Promise.all([startTestApp(), startTestApp({ SIGNET_MODE: 'production' })]);
});
afterAll(async () => {
  await Promise.all([t.close(), prod.close()]);
});

/**
 * A Root and one member of each other role. Only an active account may invite, so a pending one
 * (production mode) is active while its team is invited, then pending again.
 */
async function teamOf(app: TestApp) {
  const root = await signup(app.app);
  const setStatus = (status: 'active' | 'pending') =>
    app.ctx.db.kysely
      .updateTable('accounts')
      .set({ status })
      .where('id', '=', root.body.account.id)
      .execute();
  const pending = root.body.account.status === 'pending';
  if (pending) await setStatus('active');
  const team: Record<Role, DashboardUser> = { root } as Record<Role, DashboardUser>;
  for (const role of ROLES.filter((r) => r !== 'root')) team[role] = await addTeamMember(app.app, root, role);
  if (pending) await setStatus('pending');
  return team;
}

describe('role matrix on an active account', () => {
  for (const endpoint of endpoints) {
    it(`${endpoint.name}: allowed for ${endpoint.allowed.join(', ')}, 403 for the rest`, async () => {
      const team = await teamOf(t);
      for (const role of ROLES) {
        const res = await endpoint.call(team[role], team.root);
        if (endpoint.allowed.includes(role)) {
          expect(res.statusCode, `${role}: ${res.body}`).toBe(endpoint.ok);
        } else {
          expectEnvelope(res as never, 403, 'unauthorized');
        }
      }
    });
  }

  it('every endpoint is 401 without a session', async () => {
    const team = await teamOf(t);
    for (const endpoint of endpoints) {
      const anonymous = Object.assign(Object.create(Object.getPrototypeOf(team.root)), team.root, {
        cookie: '',
      });
      const res = await endpoint.call(anonymous, team.root);
      expect(res.statusCode, endpoint.name).toBe(401);
    }
  });
});

describe('account states (production mode)', () => {
  it('a new account is pending; integration endpoints answer 403 account_not_activated until active', async () => {
    const team = await teamOf(prod);
    expect(team.root.body.account.status).toBe('pending');
    for (const endpoint of endpoints.filter((e) => e.integration)) {
      for (const role of rootAdmin)
        expectEnvelope((await endpoint.call(team[role], team.root)) as never, 403, 'account_not_activated');
      // A role that may never do it hears about its role, not about the account.
      expectEnvelope((await endpoint.call(team.view, team.root)) as never, 403, 'unauthorized');
    }
    // Team management does not need activation.
    expect((await team.root.request('GET', '/users')).statusCode).toBe(200);

    await prod.ctx.db.kysely
      .updateTable('accounts')
      .set({ status: 'active' })
      .where('id', '=', team.root.body.account.id)
      .execute();
    expect((await team.root.request('GET', '/callback-settings')).statusCode).toBe(200);

    await prod.ctx.db.kysely
      .updateTable('accounts')
      .set({ status: 'suspended' })
      .where('id', '=', team.root.body.account.id)
      .execute();
    expectEnvelope(await team.admin.request('GET', '/callback-settings'), 403, 'account_not_activated');
  });
});
