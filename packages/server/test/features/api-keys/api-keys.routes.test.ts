import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addTeamMember,
  expectEnvelope,
  signup,
  startTestApp,
  type DashboardUser,
  type TestApp,
} from '../../support/test-app.js';

let t: TestApp;
let root: DashboardUser;
beforeAll(async () => {
  t = await startTestApp();
  root = await signup(t.app, 'Keys Ltd');
});
afterAll(() => t.close());

const API_MD_PERMISSIONS = [
  'accounts:read',
  'transactions:read',
  'invoices:read',
  'invoices:write',
  'channels:read',
  'channels:write',
  'coin_withdrawals:read',
  'coin_withdrawals:write',
  'customers:read',
  'customers:write',
  'exchange_transfers:read',
  'exchange_transfers:write',
  'subscriptions:read',
  'subscriptions:write',
  'coins:read',
];

const newKey = (user: DashboardUser, body: Record<string, unknown> = {}) =>
  user.request('POST', '/api-keys', {
    name: 'Shop backend',
    permissions: ['invoices:read'],
    ip_whitelist: [],
    ...body,
  });

const listKeys = async (user: DashboardUser) =>
  (await user.request('GET', '/api-keys')).json().data as Record<string, unknown>[];

async function auditEntries(user: DashboardUser, action: string) {
  const res = await user.request('GET', '/audit-log');
  expect(res.statusCode).toBe(200);
  return (res.json().data as { action: string; target: string; actor: string; ip: string }[]).filter(
    (e) => e.action === action,
  );
}

describe('GET /permissions', () => {
  it('is the catalogue of API.md, each with a description', async () => {
    const res = await root.request('GET', '/permissions');
    expect(res.statusCode).toBe(200);
    const list = res.json() as { id: string; description: string; group: string }[];
    // A config file may add its own ids (TEST_SIGNET_CONFIG); the sandbox's are API.md's, in order.
    const configured = new Set(t.config.apis.permissions.map((p) => p.id));
    expect(list.map((p) => p.id).filter((id) => !configured.has(id))).toEqual(API_MD_PERMISSIONS);
    expect(list.length).toBe(API_MD_PERMISSIONS.length + configured.size);
    for (const p of list) expect(p.description.length).toBeGreaterThan(5);
    expect(list.find((p) => p.id === 'coin_withdrawals:write')?.group).toBe('coin_withdrawals');
  });
});

describe('POST /api-keys', () => {
  it('creates a key and shows its secret exactly once', async () => {
    const res = await newKey(root, {
      name: '  Shop backend  ',
      permissions: ['invoices:read', 'invoices:write'],
      ip_whitelist: ['203.0.113.7', '2001:DB8::0001', '10.0.0.0/8'],
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(Object.keys(body).sort()).toEqual(
      [
        'api_key',
        'api_secret',
        'created_at',
        'id',
        'ip_whitelist',
        'name',
        'permissions',
        'removed_permissions',
      ].sort(),
    );
    expect(body.api_key).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(body.api_secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(body).toMatchObject({
      name: 'Shop backend',
      permissions: ['invoices:read', 'invoices:write'],
      ip_whitelist: ['203.0.113.7', '2001:db8::1', '10.0.0.0/8'],
      created_at: t.clock.now.toISOString(),
    });

    const listed = (await listKeys(root)).find((k) => k.id === body.id);
    expect(listed).toEqual({
      id: body.id,
      api_key: body.api_key,
      name: 'Shop backend',
      permissions: ['invoices:read', 'invoices:write'],
      removed_permissions: [],
      ip_whitelist: ['203.0.113.7', '2001:db8::1', '10.0.0.0/8'],
      created_at: body.created_at,
      created_by: root.body.user.email,
      last_used_at: null,
      last_used_ip: null,
    });
    expect((await root.request('GET', '/api-keys')).body).not.toContain(body.api_secret);

    const [audit] = await auditEntries(root, 'api_key.created');
    expect(audit).toMatchObject({ target: body.api_key, actor: root.body.user.email, ip: '127.0.0.1' });
  });

  it('gives every key its own random id and secret', async () => {
    const a = (await newKey(root)).json();
    const b = (await newKey(root)).json();
    expect(a.api_key).not.toBe(b.api_key);
    expect(a.api_secret).not.toBe(b.api_secret);
  });

  it('rejects bad input with one detail per bad field and writes nothing', async () => {
    const before = (await listKeys(root)).length;
    const auditBefore = (await auditEntries(root, 'api_key.created')).length;
    const cases: [Record<string, unknown>, string[]][] = [
      [{ name: '' }, ['name']],
      [{ name: 'x'.repeat(101) }, ['name']],
      [{ permissions: ['invoices:read', 'invoices:delete'] }, ['permissions.1']],
      [{ permissions: 'invoices:read' }, ['permissions']],
      [{ permissions: ['invoices:read', 'invoices:read'] }, ['permissions']],
      [
        { ip_whitelist: ['10.0.0.1', '10.0.0.2', 'not-an-ip', '::1/200'] },
        ['ip_whitelist.2', 'ip_whitelist.3'],
      ],
      [{ ip_whitelist: Array.from({ length: 101 }, (_, i) => `10.0.0.${i}`) }, ['ip_whitelist']],
      [{ ip_whitelist: [42] }, ['ip_whitelist.0']],
    ];
    for (const [body, fields] of cases) {
      const res = expectEnvelope(await newKey(root, body), 422, 'validation_failed');
      expect(
        res.error.details.map((d) => d.field),
        JSON.stringify(body),
      ).toEqual(fields);
    }
    const noBody = await root.request('POST', '/api-keys');
    expect(expectEnvelope(noBody, 422, 'validation_failed').error.details).toEqual([
      { field: 'body', message: expect.any(String) },
    ]);
    expect((await listKeys(root)).length).toBe(before);
    expect((await auditEntries(root, 'api_key.created')).length).toBe(auditBefore);
  });

  it('requires the CSRF token', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/dashboard/api/api-keys',
      headers: { cookie: root.cookie },
      payload: { name: 'x', permissions: [] },
    });
    expectEnvelope(res, 403, 'csrf_failed');
  });
});

describe('DELETE /api-keys/{id}', () => {
  it('deletes the key and records it', async () => {
    const key = (await newKey(root)).json();
    const res = await root.request('DELETE', `/api-keys/${key.id}`);
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
    expect((await listKeys(root)).some((k) => k.id === key.id)).toBe(false);
    const audit = await auditEntries(root, 'api_key.deleted');
    expect(audit.some((e) => e.target === key.api_key && e.actor === root.body.user.email)).toBe(true);
    expectEnvelope(await root.request('DELETE', `/api-keys/${key.id}`), 404, 'not_found');
  });

  it("another account's key is not found, and stays", async () => {
    const mine = (await newKey(root)).json();
    const other = await signup(t.app, 'Other Ltd');
    expectEnvelope(await other.request('DELETE', `/api-keys/${mine.id}`), 404, 'not_found');
    expect((await listKeys(root)).some((k) => k.id === mine.id)).toBe(true);
    expect(await listKeys(other)).toEqual([]);
    expectEnvelope(await root.request('DELETE', '/api-keys/no-such-id'), 404, 'not_found');
  });
});

describe('who may manage keys', () => {
  it('root and admin; not the other roles; nobody without a session', async () => {
    const admin = await addTeamMember(t.app, root, 'admin');
    expect((await newKey(admin)).statusCode).toBe(201);
    expect((await admin.request('GET', '/api-keys')).statusCode).toBe(200);
    for (const role of ['spend', 'support', 'create', 'view']) {
      const user = await addTeamMember(t.app, root, role);
      expectEnvelope(await user.request('GET', '/api-keys'), 403, 'unauthorized');
      expectEnvelope(await newKey(user), 403, 'unauthorized');
      expectEnvelope(await user.request('GET', '/permissions'), 403, 'unauthorized');
    }
    expectEnvelope(
      await t.app.inject({ method: 'GET', url: '/dashboard/api/api-keys' }),
      401,
      'unauthenticated',
    );
  });

  it('an account that is not active cannot create keys', async () => {
    const prod = await startTestApp({ SIGNET_MODE: 'production' });
    try {
      const pending = await signup(prod.app, 'Pending Ltd');
      expect(pending.body.account.status).toBe('pending');
      expectEnvelope(await newKey(pending), 403, 'account_not_activated');
      expectEnvelope(await pending.request('GET', '/api-keys'), 403, 'account_not_activated');
    } finally {
      await prod.close();
    }
  });
});
