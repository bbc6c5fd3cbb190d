import { describe, expect, it } from 'vitest';
import {
  invoiceObject,
  transactionsOf,
  type InvoiceRow,
} from '../../../../src/features/merchant/invoices/invoice-object.js';
import { LOW_RISK } from '../../../../src/features/merchant/wire/common-models.js';
import { parseInvoice } from './invoice-kit.js';

const row: InvoiceRow = {
  id: '6f0d3c35-5a4b-4b8e-9a57-3a1e1d7f0b6e',
  account_id: 'acc',
  custom_id: null,
  customer_id: null,
  subscription_id: null,
  status: 'completed',
  status_context: null,
  address: 'tb1qaddress',
  network: 'bitcoin',
  price_amount: '100.00',
  price_currency: 'EUR',
  fee: '1.00',
  fee_currency: 'EUR',
  pay_amount: '0.00167505',
  pay_currency: 'BTC',
  paid_amount: '0.00167505',
  exchange_rate: '59700.0',
  // As rows were stored before refunds: amount, currency, network, confirmations, created_at.
  transactions: JSON.stringify([
    {
      txid: 'aa',
      amount: '0.00167505',
      currency: 'BTC',
      network: 'bitcoin',
      confirmations: 6,
      created_at: '2025-01-01T00:01:00.000Z',
    },
    { txid: 'bb', amount: '0.1', currency: 'BTC', network: 'bitcoin', confirmations: 0 },
  ]),
  name: null,
  description: null,
  metadata: JSON.stringify({ items: 2, gift: false, note: 'x', gone: null }),
  success_redirect_url: null,
  unsuccess_redirect_url: null,
  created_at: '2025-01-01T00:00:00.123Z',
  expires_at: '2025-01-01T00:10:00.123Z',
  updated_at: '2025-01-01T00:00:00.123Z',
};

describe('stored invoices of the older shape', () => {
  it('read as low-risk transactions, confirmed when they had confirmations', () => {
    expect(transactionsOf(row)).toEqual([
      {
        txid: 'aa',
        amount: '0.00167505',
        confirmed: true,
        risk: LOW_RISK,
        source_addresses: [],
        seen_at: '2025-01-01T00:01:00.000Z',
      },
      {
        txid: 'bb',
        amount: '0.1',
        confirmed: false,
        risk: LOW_RISK,
        source_addresses: [],
        seen_at: row.created_at,
      },
    ]);
  });

  it('render exactly as the model has it: metadata text, wire times, transaction fields', () => {
    const inv = parseInvoice(invoiceObject(row, 'https://signet.example.com'));
    expect(inv.metadata).toEqual({ items: '2', gift: 'false', note: 'x' });
    expect(inv.created_at).toBe('2025-01-01T00:00:00+00:00');
    expect(inv.expires_at).toBe('2025-01-01T00:10:00+00:00');
    expect(inv.transactions).toEqual([
      { txid: 'aa', risk: LOW_RISK, source_addresses: [] },
      { txid: 'bb', risk: LOW_RISK, source_addresses: [] },
    ]);
    expect(inv.exchange).toEqual({ pair: 'BTCEUR', rate: '59700.0', fee: '0.00', fee_currency: 'EUR' });
    expect(inv.hosted_page_url).toBe(`https://signet.example.com/invoices/${row.id}`);
    const same = invoiceObject({ ...row, price_currency: 'BTC', fee_currency: 'BTC' }, 'https://x');
    expect(same.exchange).toBeNull();
  });
});
