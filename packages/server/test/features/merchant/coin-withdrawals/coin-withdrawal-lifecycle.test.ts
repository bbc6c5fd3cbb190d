import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coinWithdrawal } from '../../../../src/features/merchant/coin-withdrawals/coin-withdrawal.schemas.js';
import { expectEnvelope, startTestApp, type TestApp } from '../../../support/test-app.js';
import type { Merchant } from '../merchant-fixture.js';
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
let m: Merchant;
beforeAll(async () => {
  t = await startTestApp();
  m = await withdrawalMerchant(t);
  await fund(t, m.accountId, 'EUR', '100000');
});
afterAll(() => t.close());

const commit = (who: Merchant, id: string) => who.call('POST', `/api/coin_withdrawals/${id}/commit`);
const simulate = (who: Merchant, id: string, status: string) =>
  who.root.request('POST', `/sandbox/coin-withdrawals/${id}/simulate`, { status });
const get = async (who: Merchant, id: string) =>
  parseWithdrawal((await who.call('GET', `/api/coin_withdrawals/${id}`)).json().data);

/** The events after `created`, as [event, status], each body checked against the model. */
async function laterEvents(id: string): Promise<[string, string][]> {
  const events = await withdrawalEvents(t, id);
  expect(events[0]?.event).toBe('created');
  return events.slice(1).map((e) => {
    coinWithdrawal.strict().parse(e.data);
    return [e.event, e.data.status];
  });
}

describe('commit', () => {
  it('within 30 s: new → pending, 200 with the withdrawal, one status_changed; the ledger follows', async () => {
    const w = await create(m);
    t.clock.advance(29_000);
    const res = await commit(m, w.id);
    expect(res.statusCode).toBe(200);
    const done = parseWithdrawal(res.json().data);
    expect(done).toEqual({ ...w, status: 'pending' });
    expect(await laterEvents(w.id)).toEqual([['status_changed', 'pending']]);
    expect((await withdrawalEvents(t, w.id))[1]?.data).toEqual(done);
    const movement = (await ledgerRows(t, m.accountId)).filter((r) => r.reference_id === w.id);
    expect(movement.map((r) => [r.amount, r.status])).toEqual([['-63.95', 'pending']]);
  });

  it('at exactly 30 s it still commits', async () => {
    const w = await create(m);
    t.clock.advance(30_000);
    expect((await commit(m, w.id)).statusCode).toBe(200);
  });

  it('after 30 s: 422 expired; the withdrawal is cancelled and its debit returned', async () => {
    const before = await balanceOf(t, m.accountId, 'EUR');
    const w = await create(m, { custom_id: 'late-1' });
    expect(await balanceOf(t, m.accountId, 'EUR')).toBe(before - 6395n);
    t.clock.advance(30_001);
    const body = expectEnvelope(await commit(m, w.id), 422, 'invalid');
    expect(body.error.details).toEqual([
      {
        code: 'expired',
        target: 'coin_withdrawal_id',
        message: expect.stringContaining('30 seconds'),
        args: {},
      },
    ]);
    expect(await balanceOf(t, m.accountId, 'EUR')).toBe(before);
    expect((await get(m, w.id)).status).toBe('cancelled');
    expect(await laterEvents(w.id)).toEqual([['status_changed', 'cancelled']]);
    const movements = (await ledgerRows(t, m.accountId)).filter((r) => r.reference_id === w.id);
    expect(movements.map((r) => [r.amount, r.status, r.reference_type])).toEqual([
      ['-63.95', 'cancelled', 'CoinWithdrawal'],
      ['63.95', 'cancelled', 'CoinWithdrawal'],
    ]);
    // Committing again is still "expired", and returns nothing twice.
    expect(expectEnvelope(await commit(m, w.id), 422, 'invalid').error.details[0]?.code).toBe('expired');
    expect(await balanceOf(t, m.accountId, 'EUR')).toBe(before);
    expect(await laterEvents(w.id)).toHaveLength(1);
  });

  it('an expired quote is cancelled on the next look even without a commit, releasing the money', async () => {
    const before = await balanceOf(t, m.accountId, 'EUR');
    const w = await create(m);
    t.clock.advance(31_000);
    expect((await get(m, w.id)).status).toBe('cancelled');
    expect(await balanceOf(t, m.accountId, 'EUR')).toBe(before);
    const listed = (await m.call('GET', '/api/coin_withdrawals?limit=1')).json().data[0];
    expect([listed.id, listed.status]).toEqual([w.id, 'cancelled']);
  });

  it('twice: 422 already_committed; a force_commit one is committed already', async () => {
    const w = await create(m);
    expect((await commit(m, w.id)).statusCode).toBe(200);
    for (const id of [w.id, (await create(m, { force_commit: true })).id]) {
      const body = expectEnvelope(await commit(m, id), 422, 'invalid');
      expect(body.error.details).toEqual([
        { code: 'already_committed', target: 'coin_withdrawal_id', message: expect.any(String), args: {} },
      ]);
    }
    expect(await laterEvents(w.id)).toEqual([['status_changed', 'pending']]);
  });

  it('unknown and malformed ids; needs coin_withdrawals:write', async () => {
    expectEnvelope(await commit(m, '5b4c1f0e-0d5a-4c1e-9f7a-2b3c4d5e6f70'), 404, 'not_found');
    expect(expectEnvelope(await commit(m, 'x'), 422, 'invalid').error.details[0]).toMatchObject({
      code: 'must_be_uuid',
      target: 'coin_withdrawal_id',
    });
    const w = await create(m);
    const reader = await withdrawalMerchant(t, ['coin_withdrawals:read']);
    expectEnvelope(await commit(reader, w.id), 403, 'unauthorized');
    expect((await get(m, w.id)).status).toBe('new');
  });
});

describe('sandbox simulation (dashboard)', () => {
  it('confirm walks pending → processing → sent → completed, one status_changed each; txid from sent on', async () => {
    const w = await create(m, { force_commit: true });
    const res = await simulate(m, w.id, 'completed');
    expect(res.statusCode).toBe(200);
    const done = parseWithdrawal(res.json().data);
    expect(done.status).toBe('completed');
    expect(done.txid).toMatch(/^[0-9a-f]{64}$/);
    const events = (await withdrawalEvents(t, w.id)).slice(1);
    expect(events.map((e) => [e.event, e.data.status, e.data.txid === null])).toEqual([
      ['status_changed', 'processing', true],
      ['status_changed', 'sent', false],
      ['status_changed', 'completed', false],
    ]);
    expect(events[1]?.data.txid).toBe(done.txid);
    expect(events[2]?.data).toEqual(done);
    expect(await get(m, w.id)).toEqual(done);
    const movement = (await ledgerRows(t, m.accountId)).filter((r) => r.reference_id === w.id);
    expect(movement.map((r) => r.status)).toEqual(['completed']);
    const audit = (await m.root.request('GET', '/audit-log')).json().data[0];
    expect(audit).toMatchObject({
      action: 'sandbox.coin_withdrawal_simulated',
      actor: m.root.body.user.email,
      target: `${w.id}: pending → processing → sent → completed`,
    });
  });

  it('confirm on a new one commits it first', async () => {
    const w = await create(m);
    expect((await simulate(m, w.id, 'completed')).json().data.status).toBe('completed');
    expect(await laterEvents(w.id)).toEqual([
      ['status_changed', 'pending'],
      ['status_changed', 'processing'],
      ['status_changed', 'sent'],
      ['status_changed', 'completed'],
    ]);
    expectEnvelope(await commit(m, w.id), 422, 'invalid');
  });

  it('failed is not final: it resolves to completed (txid set then), or to cancelled with the debit returned', async () => {
    const a = await create(m, { force_commit: true });
    expect((await simulate(m, a.id, 'failed')).json().data).toMatchObject({ status: 'failed', txid: null });
    const resolved = (await simulate(m, a.id, 'completed')).json().data;
    expect(resolved.status).toBe('completed');
    expect(resolved.txid).toMatch(/^[0-9a-f]{64}$/);
    expect(await laterEvents(a.id)).toEqual([
      ['status_changed', 'failed'],
      ['status_changed', 'completed'],
    ]);

    const before = await balanceOf(t, m.accountId, 'EUR');
    const b = await create(m, { force_commit: true });
    await simulate(m, b.id, 'processing');
    await simulate(m, b.id, 'sent');
    await simulate(m, b.id, 'failed');
    expect((await simulate(m, b.id, 'cancelled')).json().data.status).toBe('cancelled');
    expect(await balanceOf(t, m.accountId, 'EUR')).toBe(before);
    expect(await laterEvents(b.id)).toEqual([
      ['status_changed', 'processing'],
      ['status_changed', 'sent'],
      ['status_changed', 'failed'],
      ['status_changed', 'cancelled'],
    ]);
  });

  it('cancel goes through failed from an active status; a new one is cancelled at once', async () => {
    const before = await balanceOf(t, m.accountId, 'EUR');
    const a = await create(m, { force_commit: true });
    await simulate(m, a.id, 'cancelled');
    expect(await laterEvents(a.id)).toEqual([
      ['status_changed', 'failed'],
      ['status_changed', 'cancelled'],
    ]);
    const b = await create(m);
    await simulate(m, b.id, 'cancelled');
    expect(await laterEvents(b.id)).toEqual([['status_changed', 'cancelled']]);
    expect(await balanceOf(t, m.accountId, 'EUR')).toBe(before);
  });

  it('on_hold from pending and processing, released to processing or failed', async () => {
    const a = await create(m, { force_commit: true });
    await simulate(m, a.id, 'on_hold');
    await simulate(m, a.id, 'completed');
    expect(await laterEvents(a.id)).toEqual([
      ['status_changed', 'on_hold'],
      ['status_changed', 'processing'],
      ['status_changed', 'sent'],
      ['status_changed', 'completed'],
    ]);
    const b = await create(m, { force_commit: true });
    await simulate(m, b.id, 'processing');
    await simulate(m, b.id, 'on_hold');
    await simulate(m, b.id, 'failed');
    expect((await get(m, b.id)).status).toBe('failed');
  });

  it('refuses what the machine forbids (invalid_state, args {status}); nothing changes', async () => {
    const w = await create(m, { force_commit: true });
    await simulate(m, w.id, 'completed');
    const events = await withdrawalEvents(t, w.id);
    for (const status of ['failed', 'cancelled', 'pending', 'on_hold', 'completed']) {
      const body = expectEnvelope(await simulate(m, w.id, status), 422, 'validation_failed');
      expect(body.error.details).toEqual([
        {
          field: 'id',
          message: 'a completed withdrawal cannot change status',
          code: 'invalid_state',
          args: { status: 'completed' },
        },
      ]);
    }
    const fresh = await create(m);
    expect(
      expectEnvelope(await simulate(m, fresh.id, 'failed'), 422, 'validation_failed').error.details[0],
    ).toMatchObject({
      code: 'invalid_state',
      message: 'a new withdrawal cannot become failed',
    });
    expect(await withdrawalEvents(t, w.id)).toEqual(events);
    expect(
      expectEnvelope(await simulate(m, w.id, 'teleported'), 422, 'validation_failed').error.details.length,
    ).toBeGreaterThan(0);
    expectEnvelope(await simulate(m, '5b4c1f0e-0d5a-4c1e-9f7a-2b3c4d5e6f70', 'completed'), 404, 'not_found');
  });

  it("another account's withdrawal is a 404 to the simulator", async () => {
    const w = await create(m, { force_commit: true });
    const other = await withdrawalMerchant(t);
    expectEnvelope(await simulate(other, w.id, 'completed'), 404, 'not_found');
    expect((await get(m, w.id)).status).toBe('pending');
  });
});
