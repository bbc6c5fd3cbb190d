import { expect } from 'vitest';
import { channel, channelPayment, type Channel, type ChannelPayment } from '../../../../src/contract.js';
import type { ChannelPaymentEvent } from '../../../../src/features/merchant/channels/channel-payment-events.js';
import { WIRE_TIME_PATTERN } from '../../../../src/features/merchant/wire/timestamp.js';
import type { TestApp } from '../../../support/test-app.js';
import type { Merchant } from '../merchant-fixture.js';

export const CHANNEL_PERMISSIONS = ['channels:read', 'channels:write', 'accounts:read'];

/** Version 4 UUIDs, which some client validators insist on. */
export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The strict model: an extra or a missing field fails. */
export function parseChannel(data: unknown): Channel {
  const c = channel.strict().parse(data);
  expect(c.id).toMatch(UUID_V4);
  expect(c.project_id).toMatch(UUID_V4);
  return c;
}

export function parsePayment(data: unknown): ChannelPayment {
  const p = channelPayment.strict().parse(data);
  expect(p.id).toMatch(UUID_V4);
  expect(p.channel_id).toMatch(UUID_V4);
  expect(p.created_at).toMatch(WIRE_TIME_PATTERN);
  if (p.exchange) expect(Object.keys(p.exchange).sort()).toEqual(['fee', 'fee_currency', 'pair', 'rate']);
  return p;
}

export async function createChannel(m: Merchant, body: Record<string, unknown> = {}): Promise<Channel> {
  const res = await m.call('POST', '/api/channels', {
    name: 'Shop',
    pay_currency: 'BTC',
    receiver_currency: 'EUR',
    ...body,
  });
  if (res.statusCode !== 201) throw new Error(`create channel: ${res.statusCode} ${res.body}`);
  return parseChannel(res.json().data);
}

/** A payment arriving at the channel, through the dashboard's sandbox tool. */
export async function pay(
  m: Merchant,
  channelId: string,
  body: Record<string, unknown> = {},
): Promise<ChannelPayment> {
  const res = await m.root.request('POST', `/sandbox/channels/${channelId}/payments`, {
    amount: '0.01',
    ...body,
  });
  if (res.statusCode !== 201) throw new Error(`pay: ${res.statusCode} ${res.body}`);
  return parsePayment(res.json().data);
}

export function move(m: Pick<Merchant, 'root'>, paymentId: string, body: Record<string, unknown>) {
  return m.root.request('POST', `/sandbox/channel-payments/${paymentId}/simulate`, body);
}

/** The ChannelPayment callbacks in the outbox, oldest first (written in the payment's own tx). */
export async function outbox(
  t: TestApp,
  filter: { accountId?: string; paymentId?: string } = {},
): Promise<{ accountId: string; event: ChannelPaymentEvent }[]> {
  const rows = await t.ctx.db.kysely
    .selectFrom('callbacks')
    .select(['account_id', 'body'])
    .orderBy('seq')
    .execute();
  return rows
    .map((r) => ({ accountId: r.account_id, event: JSON.parse(r.body) as ChannelPaymentEvent }))
    .filter(
      (e) =>
        e.event.type === 'ChannelPayment' &&
        (!filter.accountId || e.accountId === filter.accountId) &&
        (!filter.paymentId || e.event.data.id === filter.paymentId),
    );
}

/** `[event, status, status_context]` of each callback, every body checked against the model. */
export async function eventTrail(t: TestApp, paymentId: string): Promise<string[]> {
  return (await outbox(t, { paymentId })).map(({ event }) => {
    expect(Object.keys(event).sort()).toEqual(['data', 'event', 'type']);
    const data = parsePayment(event.data);
    return [event.event, data.status, data.status_context ?? ''].join('/');
  });
}

/** The merchant's currency account of `currency` and its movements, as the API lists them. */
export async function ledgerOf(m: Merchant, currency: string) {
  const accounts = (await m.call('GET', '/api/accounts')).json().data as {
    id: string;
    currency: string;
    balance: string;
  }[];
  const account = accounts.find((a) => a.currency === currency);
  if (!account) throw new Error(`no ${currency} account`);
  const res = await m.call('GET', `/api/accounts/${account.id}/transactions?limit=100`);
  if (res.statusCode !== 200) throw new Error(`transactions: ${res.statusCode} ${res.body}`);
  return {
    balance: account.balance,
    transactions: res.json().data as Record<string, unknown>[],
  };
}
