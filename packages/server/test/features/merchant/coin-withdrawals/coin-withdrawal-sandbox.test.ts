import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxRegistry } from '../../../../src/features/merchant/index.js';
import { coinWithdrawal } from '../../../../src/features/merchant/coin-withdrawals/coin-withdrawal.schemas.js';
import { expectEnvelope, startTestApp, type TestApp } from '../../../support/test-app.js';
import {
  balanceOf,
  create,
  fund,
  ledgerRows,
  parseWithdrawal,
  withdrawalEvents,
  withdrawalMerchant,
} from './withdrawal-kit.js';

let t: TestApp;
let prod: TestApp;
beforeAll(async () => {
  [t, prod] = await Promise.all([startTestApp(), startTestApp({ SIGNET_MODE: 'production' })]);
});
afterAll(async () => {
  await Promise.all([t.close(), prod.close()]);
});

describe('dashboard: GET /sandbox/coin-withdrawals', () => {
  it("lists the session account's withdrawals newest first, filtered and paged like the API", async () => {
    const m = await withdrawalMerchant(t);
    await fund(t, m.accountId, 'EUR', '1000');
    const a = await create(m, { customer_id: 'c1' });
    const b = await create(m, { customer_id: 'c2' });
    const c = await create(m, { customer_id: 'c1' });
    const other = await withdrawalMerchant(t);
    await fund(t, other.accountId, 'EUR', '100');
    await create(other);

    const all = (await m.root.request('GET', '/sandbox/coin-withdrawals')).json();
    expect(all.data.map((w: unknown) => parseWithdrawal(w).id)).toEqual([c.id, b.id, a.id]);
    expect(all.meta).toEqual({ total: 3, has_more: false });
    const page = (
      await m.root.request('GET', `/sandbox/coin-withdrawals?limit=1&starting_after=${c.id}`)
    ).json();
    expect(page.data.map((w: { id: string }) => w.id)).toEqual([b.id]);
    expect(page.meta).toEqual({ total: 3, has_more: true });
    const c1 = (await m.root.request('GET', '/sandbox/coin-withdrawals?customer_id=c1')).json();
    expect(c1.data.map((w: { id: string }) => w.id)).toEqual([c.id, a.id]);
  });

  it('needs a session', async () => {
    expectEnvelope(
      await t.app.inject({ method: 'GET', url: '/dashboard/api/sandbox/coin-withdrawals' }),
      401,
      'unauthenticated',
    );
  });
});

describe('signet sandbox simulate coin_withdrawal (registry)', () => {
  it('is registered with its states and verbs', () => {
    const sim = sandboxRegistry.simulator('coin_withdrawal');
    expect(sim?.states).toEqual(
      expect.arrayContaining(['confirm', 'completed', 'fail', 'failed', 'cancel', 'cancelled', 'on_hold']),
    );
    expect(sandboxRegistry.trigger('CoinWithdrawal.created')).toBeDefined();
    expect(sandboxRegistry.trigger('CoinWithdrawal.status_changed')).toBeDefined();
  });

  it('confirm / fail / cancel through POST /sandbox/simulate', async () => {
    const m = await withdrawalMerchant(t);
    await fund(t, m.accountId, 'EUR', '1000');
    const before = await balanceOf(t, m.accountId, 'EUR');
    const call = (id: string, state: string) =>
      m.root.request('POST', '/sandbox/simulate', { resource: 'coin_withdrawal', id, state });

    const a = await create(m, { force_commit: true });
    const confirmed = await call(a.id, 'confirm');
    expect(confirmed.statusCode).toBe(200);
    expect(parseWithdrawal(confirmed.json().data).status).toBe('completed');

    const b = await create(m, { force_commit: true });
    expect((await call(b.id, 'fail')).json().data.status).toBe('failed');
    expect((await call(b.id, 'cancel')).json().data.status).toBe('cancelled');
    expect(await balanceOf(t, m.accountId, 'EUR')).toBe(before - 6395n);

    const c = await create(m, { force_commit: true });
    expect((await call(c.id, 'on_hold')).json().data.status).toBe('on_hold');

    expect(expectEnvelope(await call(a.id, 'fail'), 422, 'validation_failed').error.details[0]).toMatchObject(
      {
        code: 'invalid_state',
      },
    );
    expectEnvelope(await call(a.id, 'explode'), 422, 'validation_failed');
  });
});

describe('signet sandbox trigger CoinWithdrawal.*', () => {
  it('CoinWithdrawal.created funds an empty account, creates a pending payout and fires created', async () => {
    const m = await withdrawalMerchant(t);
    const res = await m.root.request('POST', '/sandbox/trigger', { event: 'CoinWithdrawal.created' });
    expect(res.statusCode).toBe(200);
    const w = parseWithdrawal(res.json().data);
    // 10 EUR converted and sent, network fee and 1 % on top.
    expect(w).toMatchObject({
      status: 'pending',
      charged_amount: '13.15',
      charged_currency: 'EUR',
      received_currency: 'BTC',
    });
    const events = await withdrawalEvents(t, w.id);
    expect(events.map((e) => [e.event, e.data.status])).toEqual([['created', 'pending']]);
    expect(events[0]?.data).toEqual(w);
    const rows = await ledgerRows(t, m.accountId);
    expect(rows.map((r) => [r.reference_type, r.amount])).toEqual([
      ['ManualBalanceTransaction', '100.00'],
      ['CoinWithdrawal', '-13.15'],
    ]);
    const audit = (await m.root.request('GET', '/audit-log')).json().data;
    expect(audit[0]).toMatchObject({ action: 'sandbox.coin_withdrawal_simulated' });
  });

  it('CoinWithdrawal.status_changed creates and completes one, firing each status; no top-up when funded', async () => {
    const m = await withdrawalMerchant(t);
    await fund(t, m.accountId, 'EUR', '500');
    const res = await m.root.request('POST', '/sandbox/trigger', { event: 'CoinWithdrawal.status_changed' });
    const w = parseWithdrawal(res.json().data);
    expect(w.status).toBe('completed');
    const events = await withdrawalEvents(t, w.id);
    expect(events.map((e) => [e.event, e.data.status])).toEqual([
      ['created', 'pending'],
      ['status_changed', 'processing'],
      ['status_changed', 'sent'],
      ['status_changed', 'completed'],
    ]);
    for (const e of events) coinWithdrawal.strict().parse(e.data);
    const rows = await ledgerRows(t, m.accountId);
    expect(rows.map((r) => r.reference_type)).toEqual(['ManualBalanceTransaction', 'CoinWithdrawal']);
  });
});

describe('production mode', () => {
  it('has no sandbox withdrawal tools', async () => {
    for (const [method, url] of [
      ['GET', '/dashboard/api/sandbox/coin-withdrawals'],
      ['POST', '/dashboard/api/sandbox/coin-withdrawals/5b4c1f0e-0d5a-4c1e-9f7a-2b3c4d5e6f70/simulate'],
    ] as const)
      expectEnvelope(await prod.app.inject({ method, url }), 404, 'not_found');
  });
});
