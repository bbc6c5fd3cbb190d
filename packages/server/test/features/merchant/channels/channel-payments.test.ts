import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxAddress } from '../../../../src/features/merchant/addresses/addresses.js';
import { HIGH_RISK, LOW_RISK } from '../../../../src/features/merchant/wire/common-models.js';
import { addTeamMember, expectEnvelope, startTestApp, type TestApp } from '../../../support/test-app.js';
import { newMerchant, type Merchant } from '../merchant-fixture.js';
import {
  CHANNEL_PERMISSIONS,
  createChannel,
  eventTrail,
  ledgerOf,
  move,
  outbox,
  parsePayment,
  pay,
} from './channel-test-kit.js';
import type { Channel, ChannelPayment } from '../../../../src/contract.js';

let t: TestApp;
let prod: TestApp;
let m: Merchant;
let other: Merchant;
beforeAll(async () => {
  [t, prod] = await Promise.all([startTestApp(), startTestApp({ SIGNET_MODE: 'production' })]);
  [m, other] = await Promise.all([newMerchant(t, CHANNEL_PERMISSIONS), newMerchant(t, CHANNEL_PERMISSIONS)]);
});
afterAll(() => Promise.all([t.close(), prod.close()]));

type Detail = Record<string, unknown>;

/** The dashboard's 422 (Signet's vocabulary: validation_failed with {field, message, code?, args?}). */
function refused(res: Awaited<ReturnType<typeof move>>): Detail[] {
  return expectEnvelope(res, 422, 'validation_failed').error.details;
}

/** A payment of `m` in `status` (reached the documented way), on a channel of its own. */
async function paymentIn(
  who: Merchant,
  status: ChannelPayment['status'],
): Promise<{ channel: Channel; payment: ChannelPayment }> {
  const channel = await createChannel(who, { custom_id: `ch-${randomUUID()}`, customer_id: 'cust-1' });
  const illicit = status === 'on_hold' || status === 'refunded';
  let payment = await pay(who, channel.id, { confirmations: status === 'completed' ? 1 : 0, illicit });
  if (status === 'refunded' || status === 'cancelled') {
    const res = await move(who, payment.id, { status });
    expect(res.statusCode).toBe(200);
    payment = parsePayment(res.json().data);
  }
  expect(payment.status).toBe(status);
  return { channel, payment };
}

const paymentsOf = async (who: Merchant, currency: string, paymentId: string) =>
  (await ledgerOf(who, currency)).transactions.filter((x) => x.reference_id === paymentId);

describe('a payment arriving at a channel', () => {
  it('unconfirmed: pending, every field of the model, `created` only, nothing credited', async () => {
    const channel = await createChannel(m, { custom_id: 'arrive-1', customer_id: 'cust-arrive' });
    const res = await m.root.request('POST', `/sandbox/channels/${channel.id}/payments`, {
      amount: '0.01',
      confirmations: 0,
    });
    expect(res.statusCode).toBe(201);
    const p = parsePayment(res.json().data);
    expect(p).toEqual({
      id: p.id,
      channel_id: channel.id,
      paid_amount: '0.01000000',
      paid_currency: 'BTC',
      received_amount: '591.03',
      received_currency: 'EUR',
      fee: '5.97',
      fee_currency: 'EUR',
      txid: p.txid,
      exchange: { pair: 'BTCEUR', rate: '59700.0', fee: '5.97', fee_currency: 'EUR' },
      risk: LOW_RISK,
      status: 'pending',
      status_context: null,
      refund_address: null,
      coin_withdrawal_id: null,
      custom_id: 'arrive-1',
      customer_id: 'cust-arrive',
      address: channel.address,
      network: 'bitcoin',
      created_at: p.created_at,
    });
    expect(p.txid).toMatch(/^[0-9a-f]{64}$/);
    expect(await eventTrail(t, p.id)).toEqual(['created/pending/']);
    const [created] = await outbox(t, { paymentId: p.id });
    expect(created?.accountId).toBe(m.accountId);
    // The callback carries the payment exactly as GET answers it.
    const got = await m.call('GET', `/api/channels/${channel.id}/payments/${p.id}`);
    expect(got.statusCode).toBe(200);
    expect(parsePayment(got.json().data)).toEqual(p);
    expect(created?.event.data).toEqual(p);
    expect(await paymentsOf(m, 'EUR', p.id)).toEqual([]);
  });

  it('confirmed: created then completed, and the received amount credited once', async () => {
    const who = await newMerchant(t, CHANNEL_PERMISSIONS);
    const channel = await createChannel(who, { custom_id: 'shop-7', customer_id: 'cust-9' });
    const p = await pay(who, channel.id, { amount: 0.01, confirmations: 3 });
    expect(p).toMatchObject({ status: 'completed', status_context: null, received_amount: '591.03' });
    expect(await eventTrail(t, p.id)).toEqual(['created/pending/', 'completed/completed/']);
    const events = await outbox(t, { paymentId: p.id });
    expect(events[1]?.event.data).toEqual(
      (await who.call('GET', `/api/channels/${channel.id}/payments/${p.id}`)).json().data,
    );
    const ledger = await ledgerOf(who, 'EUR');
    expect(ledger.balance).toBe('591.03');
    expect(ledger.transactions).toEqual([
      {
        id: expect.any(String),
        custom_id: 'shop-7',
        customer_id: 'cust-9',
        amount: '591.03',
        currency: 'EUR',
        balance: '591.03',
        fee: '5.97',
        fee_currency: 'EUR',
        reference_id: p.id,
        reference_type: 'ChannelPayment',
        description: expect.any(String),
        status: 'completed',
        status_context: null,
        risk: LOW_RISK,
        created_at: p.created_at,
      },
    ]);
  });

  it('same currency: no exchange, and paid_amount == received_amount + fee', async () => {
    const channel = await createChannel(m, {
      pay_currency: 'USDT',
      receiver_currency: 'USDT',
      network: 'tron',
    });
    const p = await pay(m, channel.id, { amount: '250.5' });
    expect(p).toMatchObject({
      paid_amount: '250.500000',
      paid_currency: 'USDT',
      received_amount: '247.995000',
      received_currency: 'USDT',
      fee: '2.505000',
      fee_currency: 'USDT',
      exchange: null,
      network: 'tron',
      status: 'completed',
    });
    expect(Number(p.received_amount) + Number(p.fee)).toBeCloseTo(Number(p.paid_amount), 9);
  });

  it('to a disabled channel: held as channel_disabled, nothing credited', async () => {
    const who = await newMerchant(t, CHANNEL_PERMISSIONS);
    const channel = await createChannel(who);
    await who.call('PATCH', `/api/channels/${channel.id}`, { status: 'disabled' });
    const p = await pay(who, channel.id, { confirmations: 6 });
    expect(p).toMatchObject({ status: 'on_hold', status_context: 'channel_disabled', risk: LOW_RISK });
    expect(await eventTrail(t, p.id)).toEqual(['created/pending/', 'on_hold/on_hold/channel_disabled']);
    expect((await ledgerOf(who, 'EUR')).transactions).toEqual([]);
  });

  it('from an illicit sender: held as illicit_resource with a high risk, nothing credited', async () => {
    const who = await newMerchant(t, CHANNEL_PERMISSIONS);
    const channel = await createChannel(who);
    const p = await pay(who, channel.id, { illicit: true });
    expect(p).toMatchObject({ status: 'on_hold', status_context: 'illicit_resource', risk: HIGH_RISK });
    expect(await eventTrail(t, p.id)).toEqual(['created/pending/', 'on_hold/on_hold/illicit_resource']);
    expect((await ledgerOf(who, 'EUR')).balance).toBe('0.0');
  });

  it('validates the amount, confirmations and illicit; nothing is written', async () => {
    const who = await newMerchant(t, CHANNEL_PERMISSIONS);
    const channel = await createChannel(who);
    const url = `/sandbox/channels/${channel.id}/payments`;
    const below = refused(await who.root.request('POST', url, { amount: '0.00001' }));
    expect(below).toEqual([
      {
        field: 'amount',
        message: 'must be greater than or equal to 0.0001',
        code: 'must_be_greater_than_or_equal',
        args: { value: '0.0001' },
      },
    ]);
    expect(refused(await who.root.request('POST', url, { amount: '0.123456789' }))).toEqual([
      { field: 'amount', message: 'must have at most 8 decimal places' },
    ]);
    for (const body of [
      {},
      { amount: 'lots' },
      { amount: '-1' },
      { amount: '1', confirmations: -1 },
      { amount: '1', confirmations: 1.5 },
      { amount: '1', illicit: 'yes' },
    ])
      expect(refused(await who.root.request('POST', url, body)).length).toBeGreaterThan(0);
    expect(await outbox(t, { accountId: who.accountId })).toEqual([]);
    expect((await who.call('GET', `/api/channels/${channel.id}/payments`)).json().meta.total).toBe(0);
  });

  it("an unknown or another account's channel is 404; a malformed id is 422", async () => {
    const theirs = await createChannel(other);
    expectEnvelope(
      await m.root.request('POST', `/sandbox/channels/${theirs.id}/payments`, { amount: '0.01' }),
      404,
      'not_found',
    );
    expectEnvelope(
      await m.root.request('POST', `/sandbox/channels/${randomUUID()}/payments`, { amount: '0.01' }),
      404,
      'not_found',
    );
    expectEnvelope(
      await m.root.request('POST', '/sandbox/channels/nope/payments', { amount: '0.01' }),
      422,
      'validation_failed',
    );
    expect((await other.call('GET', `/api/channels/${theirs.id}/payments`)).json().meta.total).toBe(0);
  });

  it('custom_id and customer_id come from the channel as it was when the payment arrived', async () => {
    const channel = await createChannel(m, { custom_id: 'inherit-1', customer_id: 'cust-before' });
    const before = await pay(m, channel.id);
    await m.call('PATCH', `/api/channels/${channel.id}`, { customer_id: 'cust-after' });
    const after = await pay(m, channel.id);
    expect([before.custom_id, before.customer_id]).toEqual(['inherit-1', 'cust-before']);
    expect([after.custom_id, after.customer_id]).toEqual(['inherit-1', 'cust-after']);
    const again = await m.call('GET', `/api/channels/${channel.id}/payments/${before.id}`);
    expect(again.json().data.customer_id).toBe('cust-before');
  });

  it('writes an audit line by the dashboard user', async () => {
    const channel = await createChannel(m);
    const p = await pay(m, channel.id, { confirmations: 0 });
    const audit = (await m.root.request('GET', '/audit-log')).json().data;
    expect(audit[0]).toMatchObject({
      action: 'sandbox.channel_simulated',
      actor: m.root.body.user.email,
      target: `${channel.id}: payment ${p.id} of 0.01000000 BTC → pending`,
    });
  });

  it('an outbox that cannot take the callback rolls the whole payment back', async () => {
    const who = await newMerchant(t, CHANNEL_PERMISSIONS);
    const channel = await createChannel(who);
    const db = t.ctx.db.kysely;
    await sql`alter table callbacks rename to callbacks_away`.execute(db);
    try {
      const res = await who.root.request('POST', `/sandbox/channels/${channel.id}/payments`, {
        amount: '0.01',
      });
      expect(res.statusCode).toBe(500);
    } finally {
      await sql`alter table callbacks_away rename to callbacks`.execute(db);
    }
    expect((await who.call('GET', `/api/channels/${channel.id}/payments`)).json().meta.total).toBe(0);
    expect((await ledgerOf(who, 'EUR')).transactions).toEqual([]);
  });
});

describe('later moves of a payment', () => {
  it('pending → completed: completed event, credited once', async () => {
    const who = await newMerchant(t, CHANNEL_PERMISSIONS);
    const { payment } = await paymentIn(who, 'pending');
    const res = await move(who, payment.id, { status: 'completed' });
    expect(res.statusCode).toBe(200);
    const done = parsePayment(res.json().data);
    expect(done).toEqual({ ...payment, status: 'completed' });
    expect(await eventTrail(t, payment.id)).toEqual(['created/pending/', 'completed/completed/']);
    const rows = await paymentsOf(who, 'EUR', payment.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      amount: '591.03',
      status: 'completed',
      reference_type: 'ChannelPayment',
    });
    expect((await ledgerOf(who, 'EUR')).balance).toBe('591.03');
  });

  it('pending → on_hold: illicit_resource by default (risk high), channel_disabled on request', async () => {
    const { payment } = await paymentIn(m, 'pending');
    const held = parsePayment((await move(m, payment.id, { status: 'on_hold' })).json().data);
    expect(held).toEqual({
      ...payment,
      status: 'on_hold',
      status_context: 'illicit_resource',
      risk: HIGH_RISK,
    });
    expect(await eventTrail(t, payment.id)).toEqual(['created/pending/', 'on_hold/on_hold/illicit_resource']);

    const second = (await paymentIn(m, 'pending')).payment;
    const res = await move(m, second.id, { status: 'on_hold', status_context: 'channel_disabled' });
    expect(parsePayment(res.json().data)).toMatchObject({
      status_context: 'channel_disabled',
      risk: LOW_RISK,
    });
  });

  it('pending → on_hold on a channel disabled since: channel_disabled by default', async () => {
    const { channel, payment } = await paymentIn(m, 'pending');
    await m.call('PATCH', `/api/channels/${channel.id}`, { status: 'disabled' });
    const res = await move(m, payment.id, { status: 'on_hold' });
    expect(parsePayment(res.json().data)).toMatchObject({
      status: 'on_hold',
      status_context: 'channel_disabled',
    });
  });

  it('pending → cancelled: cancelled event, nothing credited', async () => {
    const who = await newMerchant(t, CHANNEL_PERMISSIONS);
    const { payment } = await paymentIn(who, 'pending');
    const res = await move(who, payment.id, { status: 'cancelled' });
    expect(parsePayment(res.json().data)).toEqual({ ...payment, status: 'cancelled' });
    expect(await eventTrail(t, payment.id)).toEqual(['created/pending/', 'cancelled/cancelled/']);
    expect((await ledgerOf(who, 'EUR')).transactions).toEqual([]);
  });

  it('on_hold → completed: released and credited once, the ledger row showing completed', async () => {
    const who = await newMerchant(t, CHANNEL_PERMISSIONS);
    const { payment } = await paymentIn(who, 'on_hold');
    const res = await move(who, payment.id, { status: 'completed' });
    const done = parsePayment(res.json().data);
    expect(done).toEqual({ ...payment, status: 'completed', status_context: null });
    expect(await eventTrail(t, payment.id)).toEqual([
      'created/pending/',
      'on_hold/on_hold/illicit_resource',
      'completed/completed/',
    ]);
    const rows = await paymentsOf(who, 'EUR', payment.id);
    expect(rows).toEqual([
      expect.objectContaining({
        amount: '591.03',
        status: 'completed',
        status_context: null,
        risk: HIGH_RISK,
      }),
    ]);
  });

  it('on_hold → refunded: to the given address, or the sender’s; nothing credited', async () => {
    const who = await newMerchant(t, CHANNEL_PERMISSIONS);
    const { payment } = await paymentIn(who, 'on_hold');
    const res = await move(who, payment.id, { status: 'refunded' });
    const refunded = parsePayment(res.json().data);
    expect(refunded).toEqual({
      ...payment,
      status: 'refunded',
      status_context: null,
      refund_address: expect.stringMatching(/^tb1q/),
    });
    expect(await eventTrail(t, payment.id)).toEqual([
      'created/pending/',
      'on_hold/on_hold/illicit_resource',
      'refunded/refunded/',
    ]);
    expect((await ledgerOf(who, 'EUR')).transactions).toEqual([]);

    const second = (await paymentIn(who, 'on_hold')).payment;
    const address = sandboxAddress('BTC', 'bitcoin');
    const to = await move(who, second.id, { status: 'refunded', refund_address: address });
    expect(parsePayment(to.json().data).refund_address).toBe(address);
    const third = (await paymentIn(who, 'on_hold')).payment;
    expect(refused(await move(who, third.id, { status: 'refunded', refund_address: 'short' }))).toEqual([
      {
        field: 'refund_address',
        message: 'is not a valid BTC address',
        code: 'invalid_coin_address',
        args: { currency: 'BTC' },
      },
    ]);
  });

  it('every forbidden move is 422 invalid_state on the id, with the current status; nothing changes', async () => {
    const forbidden: [ChannelPayment['status'], string[]][] = [
      ['pending', ['refunded']],
      ['on_hold', ['on_hold', 'cancelled']],
      ['completed', ['completed', 'on_hold', 'refunded', 'cancelled']],
      ['refunded', ['completed', 'on_hold', 'refunded', 'cancelled']],
      ['cancelled', ['completed', 'on_hold', 'refunded', 'cancelled']],
    ];
    const who = await newMerchant(t, CHANNEL_PERMISSIONS);
    for (const [from, targets] of forbidden) {
      const { channel, payment } = await paymentIn(who, from);
      const trail = await eventTrail(t, payment.id);
      const ledger = await ledgerOf(who, 'EUR');
      for (const status of targets) {
        const details = refused(await move(who, payment.id, { status }));
        expect(details).toEqual([
          { field: 'id', message: expect.any(String), code: 'invalid_state', args: { status: from } },
        ]);
      }
      expect(await eventTrail(t, payment.id)).toEqual(trail);
      expect(await ledgerOf(who, 'EUR')).toEqual(ledger);
      const now = await who.call('GET', `/api/channels/${channel.id}/payments/${payment.id}`);
      expect(now.json().data).toEqual(payment);
    }
  });

  it('status_context only for on_hold, and only the documented ones; unknown status is 422', async () => {
    const { payment } = await paymentIn(m, 'pending');
    expect(refused(await move(m, payment.id, { status: 'on_hold', status_context: 'underpaid' }))).toEqual([
      {
        field: 'status_context',
        message: 'must be one of: illicit_resource, channel_disabled',
        code: 'must_be_included_in',
        args: { list: ['illicit_resource', 'channel_disabled'] },
      },
    ]);
    expect(
      refused(await move(m, payment.id, { status: 'completed', status_context: 'illicit_resource' })),
    ).toEqual([expect.objectContaining({ field: 'status_context', code: 'invalid' })]);
    expect(refused(await move(m, payment.id, { status: 'pending' }))).toEqual([
      { field: 'status', message: 'must be one of: completed, on_hold, refunded, cancelled' },
    ]);
    expect(refused(await move(m, payment.id, {})).length).toBe(1);
    expect(await eventTrail(t, payment.id)).toEqual(['created/pending/']);
  });

  it("unknown and other accounts' payments are 404; the move is audited", async () => {
    const theirs = (await paymentIn(other, 'pending')).payment;
    expectEnvelope(await move(m, theirs.id, { status: 'completed' }), 404, 'not_found');
    expectEnvelope(await move(m, randomUUID(), { status: 'completed' }), 404, 'not_found');
    expectEnvelope(await move(m, 'nope', { status: 'completed' }), 422, 'validation_failed');
    expect(await eventTrail(t, theirs.id)).toEqual(['created/pending/']);

    const mine = (await paymentIn(m, 'pending')).payment;
    await move(m, mine.id, { status: 'cancelled' });
    const audit = (await m.root.request('GET', '/audit-log')).json().data;
    expect(audit[0]).toMatchObject({
      action: 'sandbox.channel_payment_simulated',
      actor: m.root.body.user.email,
      target: `${mine.id}: pending → cancelled`,
    });
  });

  it('two simultaneous completions credit once', async () => {
    const who = await newMerchant(t, CHANNEL_PERMISSIONS);
    const { payment } = await paymentIn(who, 'pending');
    const results = await Promise.all([
      move(who, payment.id, { status: 'completed' }),
      move(who, payment.id, { status: 'completed' }),
    ]);
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes[0]).toBe(200);
    expect([409, 422]).toContain(codes[1]);
    expect(await paymentsOf(who, 'EUR', payment.id)).toHaveLength(1);
    expect(await eventTrail(t, payment.id)).toEqual(['created/pending/', 'completed/completed/']);
  });
});

describe('GET /api/channels/:channel_id/payments', () => {
  it('pages newest first with total and has_more', async () => {
    const channel = await createChannel(m);
    const [a, b, c] = [await pay(m, channel.id), await pay(m, channel.id), await pay(m, channel.id)];
    const first = (await m.call('GET', `/api/channels/${channel.id}/payments?limit=2`)).json();
    expect(first.data.map(parsePayment).map((p: ChannelPayment) => p.id)).toEqual([c.id, b.id]);
    expect(first.meta).toEqual({ total: 3, has_more: true });
    const next = (
      await m.call('GET', `/api/channels/${channel.id}/payments?limit=2&starting_after=${b.id}`)
    ).json();
    expect(next.data.map((p: ChannelPayment) => p.id)).toEqual([a.id]);
    expect(next.meta).toEqual({ total: 3, has_more: false });
    expect((await m.call('GET', `/api/channels/${channel.id}/payments`)).json().data[2]).toEqual(a);
  });

  it("lists only the channel's own payments; a cursor or id from elsewhere is refused", async () => {
    const one = await createChannel(m);
    const two = await createChannel(m);
    const p1 = await pay(m, one.id);
    const p2 = await pay(m, two.id);
    const list = (await m.call('GET', `/api/channels/${one.id}/payments`)).json();
    expect(list.data.map((p: ChannelPayment) => p.id)).toEqual([p1.id]);
    expect(list.meta.total).toBe(1);
    const cursor = expectEnvelope(
      await m.call('GET', `/api/channels/${one.id}/payments?starting_after=${p2.id}`),
      422,
      'invalid',
    );
    expect(cursor.error.details).toEqual([
      expect.objectContaining({ code: 'not_found', target: 'starting_after' }),
    ]);
    expectEnvelope(await m.call('GET', `/api/channels/${one.id}/payments/${p2.id}`), 404, 'not_found');
    expectEnvelope(await m.call('GET', `/api/channels/${one.id}/payments/${randomUUID()}`), 404, 'not_found');
  });

  it("another account's channel and payments are 404, by channel, payment and cursor", async () => {
    const { channel, payment } = await paymentIn(other, 'completed');
    const mine = await createChannel(m);
    expectEnvelope(await m.call('GET', `/api/channels/${channel.id}/payments`), 404, 'not_found');
    expectEnvelope(
      await m.call('GET', `/api/channels/${channel.id}/payments/${payment.id}`),
      404,
      'not_found',
    );
    const cursor = expectEnvelope(
      await m.call('GET', `/api/channels/${mine.id}/payments?starting_after=${payment.id}`),
      422,
      'invalid',
    );
    expect(cursor.error.details).toEqual([
      expect.objectContaining({ code: 'not_found', target: 'starting_after' }),
    ]);
  });

  it('malformed ids are 422 must_be_uuid naming the parameter', async () => {
    const channel = await createChannel(m);
    const details = (path: string) =>
      m.call('GET', path).then((r) => expectEnvelope(r, 422, 'invalid').error.details);
    expect(await details('/api/channels/x/payments')).toEqual([
      { code: 'must_be_uuid', target: 'channel_id', message: 'must match uuid format', args: {} },
    ]);
    expect(await details(`/api/channels/${channel.id}/payments/x`)).toEqual([
      { code: 'must_be_uuid', target: 'channel_payment_id', message: 'must match uuid format', args: {} },
    ]);
    expect(await details(`/api/channels/${channel.id}/payments?starting_after=x`)).toEqual([
      { code: 'must_be_uuid', target: 'starting_after', message: 'must match uuid format', args: {} },
    ]);
    expectEnvelope(await m.call('GET', `/api/channels/${randomUUID()}/payments`), 404, 'not_found');
  });

  it('needs channels:read', async () => {
    const writer = await newMerchant(t, ['channels:write']);
    const channel = await createChannel(writer);
    const p = await pay(writer, channel.id);
    expectEnvelope(await writer.call('GET', `/api/channels/${channel.id}/payments`), 403, 'unauthorized');
    expectEnvelope(
      await writer.call('GET', `/api/channels/${channel.id}/payments/${p.id}`),
      403,
      'unauthorized',
    );
  });
});

describe('dashboard sandbox channel tools', () => {
  it('lists the session account’s channels and a channel’s payments, with paging', async () => {
    const who = await newMerchant(t, CHANNEL_PERMISSIONS);
    const a = await createChannel(who, { customer_id: 'c-dash' });
    const b = await createChannel(who);
    const first = await who.root.request('GET', '/sandbox/channels?limit=1');
    expect(first.statusCode).toBe(200);
    expect(first.json().data.map((c: Channel) => c.id)).toEqual([b.id]);
    expect(first.json().meta).toEqual({ total: 2, has_more: true });
    const rest = (await who.root.request('GET', `/sandbox/channels?limit=1&starting_after=${b.id}`)).json();
    expect(rest.data.map((c: Channel) => c.id)).toEqual([a.id]);
    expect((await who.root.request('GET', '/sandbox/channels?customer_id=c-dash')).json().meta.total).toBe(1);
    const p = await pay(who, a.id);
    const payments = (await who.root.request('GET', `/sandbox/channels/${a.id}/payments`)).json();
    expect(payments).toEqual({ data: [p], meta: { total: 1, has_more: false } });
  });

  it('a view-only user may look but not simulate', async () => {
    const viewer = await addTeamMember(t.app, m.root, 'view');
    const channel = await createChannel(m);
    expect((await viewer.request('GET', '/sandbox/channels')).statusCode).toBe(200);
    expectEnvelope(
      await viewer.request('POST', `/sandbox/channels/${channel.id}/payments`, { amount: '0.01' }),
      403,
      'unauthorized',
    );
    const { payment } = await paymentIn(m, 'pending');
    expectEnvelope(await move({ root: viewer }, payment.id, { status: 'completed' }), 403, 'unauthorized');
  });

  it('are absent in production mode', async () => {
    for (const [method, url] of [
      ['GET', '/dashboard/api/sandbox/channels'],
      ['GET', `/dashboard/api/sandbox/channels/${randomUUID()}/payments`],
      ['POST', `/dashboard/api/sandbox/channels/${randomUUID()}/payments`],
      ['POST', `/dashboard/api/sandbox/channel-payments/${randomUUID()}/simulate`],
    ] as const)
      expectEnvelope(await prod.app.inject({ method, url }), 404, 'not_found');
  });
});

describe('simulators and triggers', () => {
  const simulate = (who: Merchant, body: Record<string, unknown>) =>
    who.root.request('POST', '/sandbox/simulate', body);

  it('`channel <id> payment` sends a payment with the options given', async () => {
    const who = await newMerchant(t, CHANNEL_PERMISSIONS);
    const channel = await createChannel(who);
    const res = await simulate(who, {
      resource: 'channel',
      id: channel.id,
      state: 'payment',
      options: { amount: '0.02', confirmations: '0' },
    });
    expect(res.statusCode).toBe(200);
    const p = parsePayment(res.json().data);
    expect(p).toMatchObject({ channel_id: channel.id, paid_amount: '0.02000000', status: 'pending' });
    const defaults = parsePayment(
      (await simulate(who, { resource: 'channel', id: channel.id, state: 'payment' })).json().data,
    );
    expect(defaults).toMatchObject({ paid_amount: '0.01000000', status: 'completed' });
    const held = parsePayment(
      (
        await simulate(who, {
          resource: 'channel',
          id: channel.id,
          state: 'payment',
          options: { illicit: 'true' },
        })
      ).json().data,
    );
    expect(held).toMatchObject({ status: 'on_hold', status_context: 'illicit_resource' });
    for (const options of [{ confirmations: 'many' }, { illicit: 'maybe' }, { amount: '0' }])
      expectEnvelope(
        await simulate(who, { resource: 'channel', id: channel.id, state: 'payment', options }),
        422,
        'validation_failed',
      );
    expectEnvelope(
      await simulate(who, { resource: 'channel', id: randomUUID(), state: 'payment' }),
      404,
      'not_found',
    );
    expectEnvelope(
      await simulate(who, { resource: 'channel', id: 'not-an-id', state: 'payment' }),
      404,
      'not_found',
    );
  });

  it('`channel_payment <id> <state>` moves a payment, with its options', async () => {
    const who = await newMerchant(t, CHANNEL_PERMISSIONS);
    const { payment } = await paymentIn(who, 'pending');
    const held = await simulate(who, {
      resource: 'channel_payment',
      id: payment.id,
      state: 'on_hold',
      options: { status_context: 'channel_disabled' },
    });
    expect(parsePayment(held.json().data)).toMatchObject({
      status: 'on_hold',
      status_context: 'channel_disabled',
    });
    const refunded = await simulate(who, { resource: 'channel_payment', id: payment.id, state: 'refunded' });
    expect(parsePayment(refunded.json().data).status).toBe('refunded');
    const again = await simulate(who, { resource: 'channel_payment', id: payment.id, state: 'completed' });
    expect(expectEnvelope(again, 422, 'validation_failed').error.details).toEqual([
      expect.objectContaining({ code: 'invalid_state', args: { status: 'refunded' } }),
    ]);
    const catalogue = (await who.root.request('GET', '/sandbox/simulations')).json();
    expect(catalogue.simulators).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ resource: 'channel', states: ['payment'] }),
        expect.objectContaining({
          resource: 'channel_payment',
          states: ['completed', 'on_hold', 'refunded', 'cancelled'],
        }),
      ]),
    );
    expect(catalogue.triggers).toEqual(
      expect.arrayContaining(
        ['created', 'completed', 'on_hold', 'refunded', 'cancelled'].map((e) => `ChannelPayment.${e}`),
      ),
    );
  });

  it('each trigger opens a channel when there is none and fires its event', async () => {
    const expected: Record<string, string[]> = {
      created: ['created/pending/'],
      completed: ['created/pending/', 'completed/completed/'],
      on_hold: ['created/pending/', 'on_hold/on_hold/illicit_resource'],
      refunded: ['created/pending/', 'on_hold/on_hold/illicit_resource', 'refunded/refunded/'],
      cancelled: ['created/pending/', 'cancelled/cancelled/'],
    };
    for (const [event, trail] of Object.entries(expected)) {
      const who = await newMerchant(t, CHANNEL_PERMISSIONS);
      const res = await who.root.request('POST', '/sandbox/trigger', { event: `ChannelPayment.${event}` });
      expect(res.statusCode).toBe(200);
      const p = parsePayment(res.json().data);
      expect(await eventTrail(t, p.id)).toEqual(trail);
      const last = (await outbox(t, { accountId: who.accountId })).at(-1);
      expect(last?.event.event).toBe(event);
      expect(last?.event.data).toEqual(p);
      const channels = (await who.call('GET', '/api/channels')).json();
      expect(channels.meta.total).toBe(1);
      expect(channels.data[0]).toMatchObject({
        id: p.channel_id,
        pay_currency: 'BTC',
        receiver_currency: 'EUR',
      });
    }
  });

  it('a trigger reuses an enabled channel, and never a disabled one', async () => {
    const who = await newMerchant(t, CHANNEL_PERMISSIONS);
    const mine = await createChannel(who, { pay_currency: 'ETH', receiver_currency: 'USD' });
    const used = await who.root.request('POST', '/sandbox/trigger', { event: 'ChannelPayment.completed' });
    expect(parsePayment(used.json().data)).toMatchObject({ channel_id: mine.id, paid_amount: '0.10000000' });
    await who.call('PATCH', `/api/channels/${mine.id}`, { status: 'disabled' });
    const fresh = parsePayment(
      (await who.root.request('POST', '/sandbox/trigger', { event: 'ChannelPayment.completed' })).json().data,
    );
    expect(fresh.channel_id).not.toBe(mine.id);
    expect(fresh.status).toBe('completed');
    expect((await who.call('GET', '/api/channels')).json().meta.total).toBe(2);
  });
});
