import { SignetApiError, SignetClient } from '@signet/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { tx } from '../../../src/platform/db/tx.js';
import { postLedgerEntry } from '../../../src/features/merchant/balances/ledger-store.js';
import {
  accountTransaction,
  currencyAccount,
} from '../../../src/features/merchant/balances/balance.schemas.js';
import { channel, channelPayment } from '../../../src/features/merchant/channels/channels.schemas.js';
import {
  coinWithdrawal,
  networkFee,
} from '../../../src/features/merchant/coin-withdrawals/coin-withdrawal.schemas.js';
import { coin } from '../../../src/features/merchant/coins/coin.schemas.js';
import { customer } from '../../../src/features/merchant/customers/customers.schemas.js';
import { exchangeTransfer } from '../../../src/features/merchant/exchange-transfers/exchange-transfer.schemas.js';
import { sandboxRegistry } from '../../../src/features/merchant/index.js';
import { invoice } from '../../../src/features/merchant/invoices/invoice.schemas.js';
import { invoiceRecalculation } from '../../../src/features/merchant/invoices/recalculation.schemas.js';
import { invoiceRefund } from '../../../src/features/merchant/invoices/refund.schemas.js';
import { rate } from '../../../src/features/merchant/rates/rate.schemas.js';
import { subscription } from '../../../src/features/merchant/subscriptions/subscriptions.schemas.js';
import { risk } from '../../../src/features/merchant/wire/common-models.js';
import { WIRE_TIME_PATTERN } from '../../../src/features/merchant/wire/timestamp.js';
import { CRYPTOPAY_PERMISSIONS } from '../../../src/features/merchant/index.js';
import { signup, startTestApp, type TestApp } from '../../support/test-app.js';
import { createKey } from '../merchant-auth/merchant-test-kit.js';

/**
 * The client package against a real listening Signet, one call per endpoint of the merchant API:
 * every answer is parsed with the server's own model schema made strict (a missing or extra field
 * fails), every timestamp is Cryptopay's form and every server id a version-4 UUID. This is the
 * "a client written for Cryptopay works unchanged" promise, end to end over HTTP.
 */
let t: TestApp;
let signet: SignetClient;
let accountId: string;
const audit = { actor: { operator: 'test' }, ip: '127.0.0.1' };
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Strict parse plus the wire checks every object must pass (customers' ids are the merchant's text). */
function shaped<S extends z.ZodObject>(schema: S, value: unknown, textId = false): z.infer<S> {
  const parsed = schema.strict().parse(value) as z.infer<S>;
  for (const [field, v] of Object.entries(parsed as Record<string, unknown>)) {
    if (typeof v !== 'string') continue;
    if (field.endsWith('_at') || field === 'starts_at') expect(v, field).toMatch(WIRE_TIME_PATTERN);
    if (textId && field === 'id') continue;
    if ((field === 'id' || field.endsWith('_id')) && field !== 'customer_id' && field !== 'custom_id')
      expect(v, field).toMatch(UUID_V4);
  }
  return parsed;
}

beforeAll(async () => {
  t = await startTestApp();
  const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  const root = await signup(t.app);
  accountId = root.body.account.id;
  const key = await createKey(
    root,
    CRYPTOPAY_PERMISSIONS.map((p) => p.id),
  );
  signet = new SignetClient({ apiKey: key.api_key, apiSecret: key.api_secret, baseUrl: base });
  // A sandbox balance to pay out from and exchange: 1000 EUR, as a manual top-up would credit it.
  await tx(t.ctx, (x) =>
    postLedgerEntry(x.db, {
      accountId,
      currency: 'EUR',
      units: 100_000n,
      referenceType: 'ManualBalanceTransaction',
      referenceId: '00000000-0000-4000-8000-000000000001',
      description: 'test top-up',
      at: x.now.toISOString(),
    }),
  );
});
afterAll(() => t.close());

describe('every merchant endpoint through @signet/client', () => {
  it('rates, coins and accounts', async () => {
    const all = await signet.rates.all();
    expect(Object.keys(all)).toEqual(expect.arrayContaining(['BTCEUR', 'BTC/EUR']));
    expect(all.BTCEUR).toEqual(all['BTC/EUR']);
    shaped(rate, await signet.rates.retrieve('BTC', 'EUR'));
    const coins = await signet.coins.list();
    expect(coins.map((c) => c.currency)).toEqual(expect.arrayContaining(['BTC', 'BCH', 'ETH', 'XRP']));
    coins.forEach((c) => coin.strict().parse(c));
    const accounts = await signet.accounts.list();
    accounts.data.forEach((a) => shaped(currencyAccount, a));
    expect(accounts.meta).toEqual({ total: accounts.data.length, has_more: false });
    const eur = accounts.data.find((a) => a.currency === 'EUR')!;
    expect(eur.balance).toBe('1000.0');
    const movements = await signet.accounts.transactions(eur.id);
    movements.data.forEach((m) => shaped(accountTransaction, m));
  });

  it('invoices, with refunds and recalculations', async () => {
    const created = shaped(
      invoice,
      await signet.invoices.create({
        price_amount: '100',
        price_currency: 'EUR',
        pay_currency: 'BTC',
        custom_id: 'order-1',
        customer_id: 'cus-1',
      }),
    );
    expect(created.uri).toMatch(/^bitcoin:tb1q[0-9a-z]+\?amount=/);
    shaped(invoice, await signet.invoices.retrieve(created.id));
    shaped(invoice, await signet.invoices.retrieveByCustomId('order-1'));
    const mine = await signet.invoices.list({ customer_id: 'cus-1' });
    expect(mine.data.map((i) => i.id)).toEqual([created.id]);
    expect(mine.meta).toEqual({ total: 1, has_more: false });
    expect((await signet.invoices.list({ customer_id: 'nobody' })).data).toEqual([]);

    await sandboxRegistry
      .simulator('invoice')!
      .simulate(t.ctx, accountId, created.id, 'underpaid', {}, audit);
    const refund = shaped(invoiceRefund, await signet.invoices.createRefund(created.id));
    expect(refund.invoice_id).toBe(created.id);
    expect((await signet.invoices.listRefunds(created.id)).map((r) => r.id)).toEqual([refund.id]);
    expect((await signet.invoices.retrieve(created.id)).status).toBe('refunded');

    const second = await signet.invoices.create({
      price_amount: '50',
      price_currency: 'EUR',
      pay_currency: 'BTC',
    });
    await sandboxRegistry.simulator('invoice')!.simulate(t.ctx, accountId, second.id, 'underpaid', {}, audit);
    const quote = shaped(invoiceRecalculation, await signet.invoices.createRecalculation(second.id));
    shaped(invoiceRecalculation, await signet.invoices.commitRecalculation(second.id, quote.id));
    expect((await signet.invoices.retrieve(second.id)).status).toBe('completed');
  });

  it('channels and their payments', async () => {
    const ch = shaped(
      channel,
      await signet.channels.create({
        name: 'Deposits',
        pay_currency: 'BTC',
        receiver_currency: 'EUR',
        custom_id: 'chan-1',
      }),
    );
    expect(ch.uri).not.toContain('amount=');
    shaped(channel, await signet.channels.retrieve(ch.id));
    shaped(channel, await signet.channels.retrieveByCustomId('chan-1'));
    expect((await signet.channels.list()).data.map((c) => c.id)).toContain(ch.id);
    expect((await signet.channels.update(ch.id, { name: 'Renamed' })).name).toBe('Renamed');

    await sandboxRegistry
      .simulator('channel')!
      .simulate(t.ctx, accountId, ch.id, 'payment', { amount: '0.01', confirmations: '1' }, audit);
    const payments = await signet.channels.listPayments(ch.id);
    expect(payments.meta).toEqual({ total: 1, has_more: false });
    const payment = shaped(channelPayment, payments.data[0]);
    expect(payment.status).toBe('completed');
    shaped(channelPayment, await signet.channels.retrievePayment(ch.id, payment.id));
  });

  it('coin withdrawals and network fees', async () => {
    const fees = await signet.coinWithdrawals.networkFees();
    fees.forEach((f) => networkFee.strict().parse(f));
    expect(new Set(fees.map((f) => f.level))).toEqual(new Set(['fast', 'average', 'slow']));
    const payout = shaped(
      coinWithdrawal,
      await signet.coinWithdrawals.create({
        address: 'tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx',
        charged_currency: 'EUR',
        received_currency: 'BTC',
        charged_amount: '20',
        custom_id: 'payout-1',
      }),
    );
    expect(payout.status).toBe('new');
    expect((await signet.coinWithdrawals.commit(payout.id)).status).toBe('pending');
    shaped(coinWithdrawal, await signet.coinWithdrawals.retrieve(payout.id));
    shaped(coinWithdrawal, await signet.coinWithdrawals.retrieveByCustomId('payout-1'));
    expect((await signet.coinWithdrawals.list()).data.map((w) => w.id)).toEqual([payout.id]);
  });

  it('customers', async () => {
    const c = shaped(
      customer,
      await signet.customers.create({
        id: 'cus-42',
        currency: 'EUR',
        addresses: [
          { address: 'tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx', currency: 'BTC', network: 'bitcoin' },
        ],
      }),
      true,
    );
    expect(c.id).toBe('cus-42');
    shaped(customer, await signet.customers.retrieve('cus-42'), true);
    expect((await signet.customers.update('cus-42', { currency: 'USD' })).currency).toBe('USD');
    expect((await signet.customers.list()).data.map((x) => x.id)).toEqual(['cus-42']);
  });

  it('exchange transfers', async () => {
    const quote = shaped(
      exchangeTransfer,
      await signet.exchangeTransfers.create({
        charged_currency: 'EUR',
        received_currency: 'BTC',
        charged_amount: '10',
        received_amount: null,
      }),
    );
    shaped(exchangeTransfer, await signet.exchangeTransfers.commit(quote.id));
    shaped(exchangeTransfer, await signet.exchangeTransfers.retrieve(quote.id));
    const moved = await signet.transactions.list({ reference_type: 'ExchangeTransfer' });
    expect(moved.data.map((m) => m.reference_id)).toEqual([quote.id, quote.id]);
    moved.data.forEach((m) => shaped(accountTransaction, m));
  });

  it('subscriptions', async () => {
    const starts = new Date(t.clock.now.getTime() + 4 * 86_400_000).toISOString();
    const sub = shaped(
      subscription,
      await signet.subscriptions.create({
        name: 'Pro plan',
        amount: '9.99',
        currency: 'EUR',
        period: 'month',
        period_quantity: 1,
        starts_at: starts,
        payer_email: 'payer@example.com',
        custom_id: 'sub-1',
      }),
    );
    shaped(subscription, await signet.subscriptions.retrieve(sub.id));
    shaped(subscription, await signet.subscriptions.retrieveByCustomId('sub-1'));
    expect((await signet.subscriptions.list()).data.map((s) => s.id)).toEqual([sub.id]);
    expect((await signet.invoices.list({ subscription_id: sub.id })).data).toHaveLength(1);
    const cancelled = shaped(subscription, await signet.subscriptions.cancel(sub.id));
    expect(cancelled.status).toBe('cancelled');
  });

  it('transactions and the legacy risk score', async () => {
    const all = await signet.transactions.list();
    all.data.forEach((m) => shaped(accountTransaction, m));
    expect(all.meta.total).toBe(all.data.length);
    const kinds = new Set(all.data.map((m) => m.reference_type));
    for (const k of [
      'ManualBalanceTransaction',
      'InvoiceRefund',
      'Invoice',
      'ChannelPayment',
      'CoinWithdrawal',
    ])
      expect(kinds, k).toContain(k);
    risk.strict().parse(
      await signet.risks.score({
        address: 'tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx',
        currency: 'BTC',
        type: 'source_of_funds',
      }),
    );
  });

  it("errors arrive as Cryptopay's codes", async () => {
    const notFound = await signet.invoices.retrieve('00000000-0000-4000-8000-000000000000').catch((e) => e);
    expect(notFound).toBeInstanceOf(SignetApiError);
    expect(notFound).toMatchObject({ status: 404, code: 'not_found' });
    const malformed = await signet.channels.retrieve('not-a-uuid').catch((e) => e);
    expect(malformed).toMatchObject({ status: 422, code: 'invalid' });
    expect(malformed.details[0]).toMatchObject({ code: 'must_be_uuid', target: 'channel_id' });
    const dup = await signet.channels
      .create({ name: 'again', pay_currency: 'BTC', receiver_currency: 'EUR', custom_id: 'chan-1' })
      .catch((e) => e);
    expect(dup).toMatchObject({ status: 409, code: 'duplicate_custom_id' });
  });
});
