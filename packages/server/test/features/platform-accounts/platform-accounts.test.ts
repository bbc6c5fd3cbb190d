import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectEnvelope, startTestApp, uniqueEmail, type TestApp } from '../../support/test-app.js';
import { accountsNamed, createServiceToken, platformRequest } from '../platform/platform-test-kit.js';

let t: TestApp;
let writer: { id: string; name: string; token: string };
let reader: { id: string; name: string; token: string };
beforeAll(async () => {
  t = await startTestApp({ SIGNET_MODE: 'production' });
  writer = await createServiceToken(t, ['accounts:write', 'accounts:read']);
  reader = await createServiceToken(t, ['accounts:read']);
});
afterAll(() => t.close());

let seq = 0;
const externalId = () => `ext-${process.pid}-${++seq}-${Math.random().toString(36).slice(2, 8)}`;
const create = (body: unknown, headers: Record<string, string> = {}) =>
  platformRequest(t, writer.token, 'POST', '/accounts', body, headers);

async function auditOf(accountId: string) {
  return t.ctx.db.kysely
    .selectFrom('audit_log')
    .select(['actor', 'action', 'target', 'actor_user_id'])
    .where('account_id', '=', accountId)
    .orderBy('id')
    .execute();
}

describe('POST /platform/v1/accounts', () => {
  it('creates a pending account with its external id, audited as the token', async () => {
    const ext = externalId();
    const res = await create({ name: 'Merchant One', external_id: ext });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toEqual({
      account: {
        id: expect.any(String),
        name: 'Merchant One',
        external_id: ext,
        status: 'pending',
        users_count: 0,
        keys_count: 0,
        callback_url_set: false,
        created_at: t.clock.now.toISOString(),
      },
    });
    expect(await auditOf(body.account.id)).toEqual([
      {
        actor: `token:${writer.name}`,
        action: 'account.created',
        target: body.account.id,
        actor_user_id: null,
      },
    ]);
    const got = await platformRequest(t, reader.token, 'GET', `/accounts/${body.account.id}`);
    expect(got.statusCode).toBe(200);
    expect(got.json()).toEqual(body.account);
    const byExt = await platformRequest(
      t,
      reader.token,
      'GET',
      `/accounts/by-external-id/${encodeURIComponent(ext)}`,
    );
    expect(byExt.statusCode).toBe(200);
    expect(byExt.json()).toEqual(body.account);
  });

  it('without an external id too', async () => {
    const res = await create({ name: 'No External Id' });
    expect(res.statusCode).toBe(201);
    expect(res.json().account.external_id).toBeNull();
  });

  it('409 for an external id already used', async () => {
    const ext = externalId();
    expect((await create({ name: 'First', external_id: ext })).statusCode).toBe(201);
    const body = expectEnvelope(await create({ name: 'Second', external_id: ext }), 409, 'conflict');
    expect(body.error.details).toEqual([{ field: 'external_id' }]);
  });

  it('with root_email returns the Root invitation link and audits it', async () => {
    const email = uniqueEmail('root');
    const res = await create({ name: 'Invited Root', root_email: email.toUpperCase() });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.invitation_url).toMatch(/^http:\/\/localhost:8080\/invite\/[A-Za-z0-9_-]{43}$/);
    const audit = await auditOf(body.account.id);
    expect(audit.map((a) => [a.actor, a.action, a.target])).toEqual([
      [`token:${writer.name}`, 'account.created', body.account.id],
      [`token:${writer.name}`, 'invitation.created', `${email} as root`],
    ]);
    // Only the link's hash is stored, and the stored idempotent answer (none here) holds nothing.
    const token = new URL(body.invitation_url).pathname.split('/').pop()!;
    const rows = await t.ctx.db.kysely.selectFrom('invitations').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it('409 when root_email already belongs to a user', async () => {
    const email = uniqueEmail('taken');
    const first = (await create({ name: 'Taken A', root_email: email })).json();
    const token = new URL(first.invitation_url).pathname.split('/').pop()!;
    const accepted = await t.app.inject({
      method: 'POST',
      url: `/dashboard/api/invitations/${token}/accept`,
      payload: { password: 'correct horse battery staple' },
    });
    expect(accepted.statusCode).toBe(201);
    const body = expectEnvelope(await create({ name: 'Taken B', root_email: email }), 409, 'conflict');
    expect(body.error.details).toEqual([{ field: 'root_email' }]);
  });

  it('422 with one detail per bad field', async () => {
    const res = await create({ name: '', external_id: '', root_email: 'not-an-email' });
    const body = expectEnvelope(res, 422, 'validation_failed');
    expect(body.error.details.map((d) => d.field).sort()).toEqual(['external_id', 'name', 'root_email']);
    for (const [payload, field] of [
      [{}, 'name'],
      [{ name: 'x'.repeat(201) }, 'name'],
      [{ name: 7 }, 'name'],
      [{ name: 'ok', external_id: 'a\u0000b' }, 'external_id'],
      [{ name: 'ok', external_id: 'x'.repeat(201) }, 'external_id'],
      [{ name: 'ok', root_email: 5 }, 'root_email'],
    ] as const) {
      const one = expectEnvelope(await create(payload), 422, 'validation_failed');
      expect(one.error.details.map((d) => d.field)).toEqual([field]);
    }
    const header = expectEnvelope(
      await create({ name: 'ok' }, { 'idempotency-key': 'x'.repeat(256) }),
      422,
      'validation_failed',
    );
    expect(header.error.details.map((d) => d.field)).toEqual(['headers.idempotency-key']);
  });

  it('400 for a body that is not JSON', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/platform/v1/accounts',
      headers: { authorization: `Bearer ${writer.token}`, 'content-type': 'application/json' },
      payload: '{"name":',
    });
    expectEnvelope(res, 400, 'invalid_json');
  });
});

describe('Idempotency-Key', () => {
  it('the same key and body answer the same, once', async () => {
    const key = `k-${externalId()}`;
    const body = { name: 'Idem', external_id: externalId(), root_email: uniqueEmail('idem') };
    const first = await create(body, { 'idempotency-key': key });
    expect(first.statusCode).toBe(201);
    // The same body with its keys in another order is the same request.
    const reordered = { root_email: body.root_email, external_id: body.external_id, name: body.name };
    const second = await create(reordered, { 'idempotency-key': key });
    expect(second.statusCode).toBe(201);
    expect(second.json()).toEqual(first.json());
    const accounts = await accountsNamed(t, 'Idem');
    expect(accounts).toHaveLength(1);
    // The stored answer holds the invitation link, sealed: not readable at rest.
    const token = new URL(first.json().invitation_url).pathname.split('/').pop()!;
    const stored = await t.ctx.db.kysely
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('key', '=', key)
      .execute();
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(JSON.stringify(stored)).not.toContain(body.external_id);
  });

  it('the same key with another body is a 409', async () => {
    const key = `k-${externalId()}`;
    expect((await create({ name: 'Idem A' }, { 'idempotency-key': key })).statusCode).toBe(201);
    const res = await create({ name: 'Idem B' }, { 'idempotency-key': key });
    const body = expectEnvelope(res, 409, 'conflict');
    expect(body.error.details).toEqual([
      { field: 'headers.idempotency-key', reason: 'idempotency_key_reused' },
    ]);
  });

  it('keys are per token', async () => {
    const other = await createServiceToken(t, ['accounts:write']);
    const key = `k-${externalId()}`;
    expect((await create({ name: 'Per Token' }, { 'idempotency-key': key })).statusCode).toBe(201);
    const res = await platformRequest(
      t,
      other.token,
      'POST',
      '/accounts',
      { name: 'Per Token' },
      {
        'idempotency-key': key,
      },
    );
    expect(res.statusCode).toBe(201);
    const accounts = await accountsNamed(t, 'Per Token');
    expect(accounts).toHaveLength(2);
  });

  it('a failed request stores nothing: a retry after fixing the cause succeeds', async () => {
    const ext = externalId();
    expect((await create({ name: 'Holder', external_id: ext })).statusCode).toBe(201);
    const key = `k-${externalId()}`;
    expectEnvelope(
      await create({ name: 'Clash', external_id: ext }, { 'idempotency-key': key }),
      409,
      'conflict',
    );
    const stored = await t.ctx.db.kysely
      .selectFrom('idempotency_keys')
      .select('key')
      .where('key', '=', key)
      .execute();
    expect(stored).toHaveLength(0);
  });

  it('the same key sent twice concurrently yields one account and the same answer', async () => {
    for (let round = 0; round < 5; round++) {
      const key = `k-${externalId()}`;
      const name = `Concurrent ${key}`;
      const answers = await Promise.all(
        Array.from({ length: 4 }, () => create({ name, external_id: key }, { 'idempotency-key': key })),
      );
      for (const a of answers) expect(a.statusCode, a.body).toBe(201);
      const ids = new Set(answers.map((a) => a.json().account.id));
      expect(ids.size).toBe(1);
      const accounts = await accountsNamed(t, name);
      expect(accounts).toHaveLength(1);
    }
  });

  it('two different creates with one external id concurrently: one 201, the other 409', async () => {
    const ext = externalId();
    const answers = await Promise.all([
      create({ name: 'Race A', external_id: ext }),
      create({ name: 'Race B', external_id: ext }),
    ]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 409]);
  });
});

describe('GET /platform/v1/accounts', () => {
  it('pages newest first with starting_after', async () => {
    const lister = await startTestApp();
    try {
      const token = await createServiceToken(lister, ['accounts:read', 'accounts:write']);
      const made: string[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await platformRequest(lister, token.token, 'POST', '/accounts', { name: `Page ${i}` });
        made.push(res.json().account.id);
        lister.clock.advance(i % 2 === 0 ? 0 : 1000); // some share a created_at: the id breaks the tie
      }
      const seen: string[] = [];
      let cursor: string | undefined;
      for (;;) {
        const res = await platformRequest(
          lister,
          token.token,
          'GET',
          `/accounts?limit=2${cursor ? `&starting_after=${cursor}` : ''}`,
        );
        expect(res.statusCode).toBe(200);
        const page = res.json() as {
          data: { id: string; created_at: string }[];
          meta: { has_more: boolean };
        };
        seen.push(...page.data.map((a) => a.id));
        if (!page.meta.has_more) break;
        cursor = page.data.at(-1)!.id;
      }
      expect(new Set(seen)).toEqual(new Set(made));
      expect(seen).toHaveLength(5);
      const all = (await platformRequest(lister, token.token, 'GET', '/accounts?limit=100')).json().data as {
        id: string;
        created_at: string;
      }[];
      expect(all.map((a) => a.id)).toEqual(seen);
      const times = all.map((a) => a.created_at);
      expect([...times].sort().reverse()).toEqual(times);

      const bad = await platformRequest(lister, token.token, 'GET', '/accounts?starting_after=nope');
      const body = expectEnvelope(bad, 422, 'validation_failed');
      expect(body.error.details.map((d) => d.field)).toEqual(['querystring.starting_after']);
      const limit = await platformRequest(lister, token.token, 'GET', '/accounts?limit=0');
      expect(expectEnvelope(limit, 422, 'validation_failed').error.details.map((d) => d.field)).toEqual([
        'querystring.limit',
      ]);
    } finally {
      await lister.close();
    }
  });

  it('404 for an unknown id or external id', async () => {
    expectEnvelope(await platformRequest(t, reader.token, 'GET', '/accounts/nope'), 404, 'not_found');
    expectEnvelope(
      await platformRequest(t, reader.token, 'GET', '/accounts/by-external-id/nope'),
      404,
      'not_found',
    );
    expectEnvelope(
      await platformRequest(t, writer.token, 'POST', '/accounts/nope/activate'),
      404,
      'not_found',
    );
  });
});
