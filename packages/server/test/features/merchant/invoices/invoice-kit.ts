import { expect } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import {
  invoice as invoiceModel,
  invoiceRecalculation,
  invoiceRefund,
  type Invoice,
  type InvoiceRecalculation,
  type InvoiceRefund,
} from '../../../../src/features/merchant/invoices/invoice.schemas.js';
import { WIRE_TIME_PATTERN } from '../../../../src/features/merchant/wire/timestamp.js';
import type { TestApp } from '../../../support/test-app.js';
import type { Merchant } from '../merchant-fixture.js';

/** Shared by the invoice suites: strict model checks, the callbacks outbox, the ledger. */

export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The invoice model, strictly: a missing or extra field (also in an embedded object) fails. */
export function parseInvoice(data: unknown): Invoice {
  const strict = invoiceModel
    .extend({
      transactions: invoiceModel.shape.transactions.element
        .extend({ risk: invoiceModel.shape.transactions.element.shape.risk.unwrap().strict().nullable() })
        .strict()
        .array(),
      exchange: invoiceModel.shape.exchange.unwrap().strict().nullable(),
    })
    .strict();
  const inv = strict.parse(data);
  expect(inv.id).toMatch(UUID_V4);
  expect(inv.created_at).toMatch(WIRE_TIME_PATTERN);
  expect(inv.expires_at).toMatch(WIRE_TIME_PATTERN);
  return inv;
}

export function parseRefund(data: unknown): InvoiceRefund {
  const r = invoiceRefund
    .extend({ risk: invoiceRefund.shape.risk.unwrap().strict().nullable() })
    .strict()
    .parse(data);
  expect(r.id).toMatch(UUID_V4);
  expect(r.created_at).toMatch(WIRE_TIME_PATTERN);
  return r;
}

export function parseRecalculation(data: unknown): InvoiceRecalculation {
  const r = invoiceRecalculation
    .extend({ exchange: invoiceRecalculation.shape.exchange.unwrap().strict().nullable() })
    .strict()
    .parse(data);
  expect(r.id).toMatch(UUID_V4);
  expect(r.created_at).toMatch(WIRE_TIME_PATTERN);
  return r;
}

export const EUR_BTC = { price_amount: '100', price_currency: 'EUR', pay_currency: 'BTC' };

export async function newInvoice(m: Merchant, extra: Record<string, unknown> = {}): Promise<Invoice> {
  const res = await m.call('POST', '/api/invoices', { ...EUR_BTC, ...extra });
  if (res.statusCode !== 201) throw new Error(`${res.statusCode} ${res.body}`);
  return parseInvoice(res.json().data);
}

/** The dashboard's simulate endpoint, as the account's root user. */
export async function simulate(m: Merchant, id: string, state: string, extra: Record<string, unknown> = {}) {
  return m.root.request('POST', `/sandbox/invoices/${id}/simulate`, { state, ...extra });
}

export async function simulated(m: Merchant, id: string, state: string): Promise<Invoice> {
  const res = await simulate(m, id, state);
  if (res.statusCode !== 200) throw new Error(`${state}: ${res.statusCode} ${res.body}`);
  return parseInvoice(res.json().data);
}

export interface OutboxEvent {
  accountId: string;
  type: string;
  event: string;
  data: Invoice;
}

/** The invoice's callbacks in the outbox, oldest first (written in the change's own transaction). */
export async function invoiceEvents(t: TestApp, invoiceId: string): Promise<OutboxEvent[]> {
  const rows = await t.ctx.db.kysely
    .selectFrom('callbacks')
    .select(['account_id', 'body'])
    .orderBy('seq')
    .execute();
  return rows
    .map((r) => ({ accountId: r.account_id, ...(JSON.parse(r.body) as Omit<OutboxEvent, 'accountId'>) }))
    .filter((e) => e.type === 'Invoice' && e.data.id === invoiceId);
}

/** The events after the first `skip`, each body's `data` checked against the invoice model. */
export async function newEvents(t: TestApp, invoiceId: string, skip: number) {
  const events = (await invoiceEvents(t, invoiceId)).slice(skip);
  for (const e of events) parseInvoice(e.data);
  return events;
}

/** The first detail of an `invalid` answer. */
export function detail(res: LightMyRequestResponse) {
  expect(res.statusCode).toBe(422);
  const body = res.json() as { error: { code: string; details: Record<string, unknown>[] } };
  expect(body.error.code).toBe('invalid');
  return body.error.details[0];
}

export interface Movement {
  amount: string;
  balance: string;
  reference_type: string;
  reference_id: string;
  status: string | null;
  status_context: string | null;
  fee: string | null;
  description: string;
}

/** The merchant's balance in `currency` and its movements there, newest first. */
export async function ledger(
  m: Merchant,
  currency: string,
): Promise<{ balance: string; movements: Movement[] }> {
  const accounts = (await m.call('GET', '/api/accounts')).json().data as {
    id: string;
    currency: string;
    balance: string;
  }[];
  const account = accounts.find((a) => a.currency === currency);
  if (!account) throw new Error(`no ${currency} account`);
  const res = await m.call('GET', `/api/accounts/${account.id}/transactions?limit=100`);
  return { balance: account.balance, movements: res.json().data as Movement[] };
}
