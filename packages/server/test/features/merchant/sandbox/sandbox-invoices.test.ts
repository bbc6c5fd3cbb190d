import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { InvoiceEvent } from '../../../../src/features/merchant/invoices/invoice-events.js';
import {
  addTeamMember,
  expectEnvelope,
  signup,
  startTestApp,
  type DashboardUser,
  type TestApp,
} from '../../../support/test-app.js';

let t: TestApp;
let prod: TestApp;
let root: DashboardUser;

beforeAll(async () => {
  // The production-mode app only checks that the sandbox routes are absent.
  [t, prod] = await Promise.all([startTestApp(), startTestApp({ SIGNET_MODE: 'production' })]);
  root = await signup(t.app);
});
afterAll(async () => {
  await Promise.all([t.close(), prod.close()]);
});

/** The events in the callbacks outbox, oldest first: written in the invoice's own transaction. */
async function outboxEvents(invoiceId?: string): Promise<{ accountId: string; event: InvoiceEvent }[]> {
  const rows = await t.ctx.db.kysely
    .selectFrom('callbacks')
    .select(['account_id', 'body'])
    .orderBy('seq')
    .execute();
  return rows
    .map((r) => ({ accountId: r.account_id, event: JSON.parse(r.body) as InvoiceEvent }))
    .filter((e) => e.event.type === 'Invoice' && (!invoiceId || e.event.data.id === invoiceId));
}

const NEW_INVOICE = { price_amount: '100', price_currency: 'EUR', pay_currency: 'BTC' };

async function create(user: DashboardUser, extra: Record<string, unknown> = {}) {
  const res = await user.request('POST', '/sandbox/invoices', { ...NEW_INVOICE, ...extra });
  if (res.statusCode !== 201) throw new Error(`${res.statusCode} ${res.body}`);
  return res.json().data as { id: string; status: string };
}

describe('dashboard sandbox invoices', () => {
  it('creates a test invoice for the session account and emits created', async () => {
    const inv = await create(root, { custom_id: 'dash-1' });
    expect(inv).toMatchObject({ status: 'new', custom_id: 'dash-1', pay_amount: '0.00167505' });
    const events = await outboxEvents(inv.id);
    expect(events.map((e) => [e.event.type, e.event.event, e.accountId])).toEqual([
      ['Invoice', 'created', root.body.account.id],
    ]);
    expect(events[0]?.event.data).toEqual(inv);
  });

  it('lists newest first with pagination', async () => {
    const user = await signup(t.app);
    const a = await create(user);
    const b = await create(user);
    const c = await create(user);
    const first = (await user.request('GET', '/sandbox/invoices?limit=2')).json();
    expect(first.data.map((i: { id: string }) => i.id)).toEqual([c.id, b.id]);
    expect(first.meta).toEqual({ total: 3, has_more: true });
    const next = (await user.request('GET', `/sandbox/invoices?limit=2&starting_after=${b.id}`)).json();
    expect(next.data.map((i: { id: string }) => i.id)).toEqual([a.id]);
  });

  it('simulating completed emits the payment events with snapshots, in order, and audits', async () => {
    const inv = await create(root);
    const res = await root.request('POST', `/sandbox/invoices/${inv.id}/simulate`, { state: 'completed' });
    expect(res.statusCode).toBe(200);
    const events = (await outboxEvents(inv.id)).slice(1); // after `created`
    const done = res.json().data;
    expect(done).toMatchObject({
      id: inv.id,
      status: 'completed',
      status_context: null,
      paid_amount: '0.00167505',
    });
    expect(done.transactions).toHaveLength(1);
    expect(done.transactions[0].txid).toMatch(/^[0-9a-f]{64}$/);
    expect(done.transactions[0].risk).toMatchObject({ level: 'low' });
    expect(events.map((e) => e.event.event)).toEqual([
      'transaction_created',
      'transaction_confirmed',
      'status_changed',
    ]);
    // A transaction seen counts at once; the status waits for its confirmation.
    expect(events[0]?.event.data).toMatchObject({ status: 'new', paid_amount: '0.00167505' });
    expect(events[2]?.event.data).toEqual(done);

    const audit = (await root.request('GET', '/audit-log')).json().data;
    expect(audit[0]).toMatchObject({
      action: 'sandbox.invoice_simulated',
      actor: root.body.user.email,
      target: `${inv.id} completed: new → completed`,
    });
  });

  it('the older {status, status_context} body still works', async () => {
    const inv = await create(root);
    const res = await root.request('POST', `/sandbox/invoices/${inv.id}/simulate`, { status: 'completed' });
    expect(res.json().data).toMatchObject({ status: 'completed' });
    const late = await create(root);
    const lateRes = await root.request('POST', `/sandbox/invoices/${late.id}/simulate`, {
      status: 'unresolved',
      status_context: 'paid_late',
    });
    expect(lateRes.json().data).toMatchObject({ status: 'unresolved', status_context: 'paid_late' });
  });

  it('an impossible transition is a 422 naming why; nothing changes', async () => {
    const inv = await create(root);
    await root.request('POST', `/sandbox/invoices/${inv.id}/simulate`, { state: 'cancelled' });
    const before = await outboxEvents(inv.id);
    const res = await root.request('POST', `/sandbox/invoices/${inv.id}/simulate`, { state: 'completed' });
    const body = expectEnvelope(res, 422, 'validation_failed');
    expect(body.error.details).toEqual([
      {
        field: 'state',
        message: 'a cancelled invoice cannot change status',
        code: 'invalid_state',
        args: { status: 'cancelled' },
      },
    ]);
    const legacy = await root.request('POST', `/sandbox/invoices/${inv.id}/simulate`, {
      status: 'completed',
    });
    expect(expectEnvelope(legacy, 422, 'validation_failed').error.details[0]).toMatchObject({
      field: 'status',
      code: 'invalid_state',
    });
    expect(await outboxEvents(inv.id)).toEqual(before);
  });

  it('validates the body: unknown state or status, bad context, wrong types, both forms', async () => {
    const inv = await create(root);
    for (const payload of [
      { state: 'nope' },
      { status: 'paid' },
      { status: 'unresolved', status_context: 'nope' },
      { status: 'unresolved', status_context: 'illegal_transaction' },
      { status: 'completed', status_context: 'overpaid' },
      { status: 'new' },
      { status: 5 },
      {},
      { state: 'paid', status: 'completed' },
      { status: 'completed', status_context: 'x'.repeat(41) },
      { state: 'transaction_created', amount: '1.123456789' },
    ]) {
      const body = expectEnvelope(
        await root.request('POST', `/sandbox/invoices/${inv.id}/simulate`, payload),
        422,
        'validation_failed',
      );
      expect(body.error.details.length, JSON.stringify(payload)).toBeGreaterThan(0);
    }
    expect(await outboxEvents(inv.id)).toHaveLength(1);
    const ok = await root.request('POST', `/sandbox/invoices/${inv.id}/simulate`, {
      status: 'unresolved',
      status_context: 'overpaid',
    });
    expect(ok.json().data).toMatchObject({
      status: 'unresolved',
      status_context: 'overpaid',
      paid_amount: '0.00184255',
    });
  });

  it('an outbox that cannot take the events rolls the whole simulation back', async () => {
    const inv = await create(root);
    const db = t.ctx.db.kysely;
    await sql`alter table callbacks rename to callbacks_away`.execute(db);
    try {
      const res = await root.request('POST', `/sandbox/invoices/${inv.id}/simulate`, { status: 'completed' });
      expect(res.statusCode).toBe(500);
    } finally {
      await sql`alter table callbacks_away rename to callbacks`.execute(db);
    }
    const list = (await root.request('GET', '/sandbox/invoices?limit=100')).json().data;
    expect(list.find((i: { id: string }) => i.id === inv.id)).toMatchObject({
      status: 'new',
      transactions: [],
    });
    const audit = (await root.request('GET', '/audit-log')).json().data;
    expect(audit.some((a: { target: string }) => a.target?.startsWith(inv.id))).toBe(false);
  });

  it("another account's invoice is a 404", async () => {
    const inv = await create(root);
    const other = await signup(t.app);
    expectEnvelope(
      await other.request('POST', `/sandbox/invoices/${inv.id}/simulate`, { state: 'completed' }),
      404,
      'not_found',
    );
    expect((await other.request('GET', '/sandbox/invoices')).json().data).toEqual([]);
  });

  it('every role reads; only root, admin and support simulate or create', async () => {
    const inv = await create(root);
    const support = await addTeamMember(t.app, root, 'support');
    const view = await addTeamMember(t.app, root, 'view');
    expect((await view.request('GET', '/sandbox/invoices')).statusCode).toBe(200);
    expectEnvelope(await view.request('POST', '/sandbox/invoices', NEW_INVOICE), 403, 'unauthorized');
    expectEnvelope(
      await view.request('POST', `/sandbox/invoices/${inv.id}/simulate`, { status: 'completed' }),
      403,
      'unauthorized',
    );
    expectEnvelope(
      await view.request('POST', `/sandbox/invoices/${inv.id}/refunds/${inv.id}/complete`),
      403,
      'unauthorized',
    );
    expect(
      (await support.request('POST', `/sandbox/invoices/${inv.id}/simulate`, { status: 'completed' }))
        .statusCode,
    ).toBe(200);
    expectEnvelope(
      await t.app.inject({ method: 'GET', url: '/dashboard/api/sandbox/invoices' }),
      401,
      'unauthenticated',
    );
  });

  it('creating validates like the API', async () => {
    const body = expectEnvelope(
      await root.request('POST', '/sandbox/invoices', {
        price_amount: '1e400',
        price_currency: 'EUR',
        pay_currency: 'BTC',
      }),
      422,
      'validation_failed',
    );
    expect(body.error.details).toEqual([
      { field: 'price_amount', message: 'must be a decimal number such as 100 or 12.50' },
    ]);
  });
});

describe('production mode', () => {
  it('the sandbox routes do not exist', async () => {
    const user = await signup(prod.app);
    expectEnvelope(await user.request('GET', '/sandbox/invoices'), 404, 'not_found');
    expectEnvelope(await user.request('POST', '/sandbox/invoices', NEW_INVOICE), 404, 'not_found');
    expectEnvelope(
      await user.request('POST', '/sandbox/invoices/x/simulate', { status: 'completed' }),
      404,
      'not_found',
    );
    expectEnvelope(await user.request('POST', '/sandbox/invoices/x/refunds/y/complete'), 404, 'not_found');
    expectEnvelope(
      await prod.app.inject({ method: 'GET', url: '/dashboard/api/sandbox/invoices' }),
      404,
      'not_found',
    );
  });
});
