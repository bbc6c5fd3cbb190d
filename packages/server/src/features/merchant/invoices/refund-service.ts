import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../../platform/context.js';
import { tx, type Tx } from '../../../platform/db/tx.js';
import { conflict, fieldError, notFound } from '../../../platform/http/errors.js';
import { isValidAddress, sandboxTxid } from '../addresses/addresses.js';
import { postLedgerEntry, type LedgerEntry } from '../balances/ledger-store.js';
import { formatUnits } from '../money/decimal.js';
import type { SandboxAudit } from '../resource.js';
import { LOW_RISK } from '../wire/common-models.js';
import { uuid } from '../wire/ids.js';
import { applyInvoiceChange, changeOf, invalidState, lockedInvoice, payCoinOf } from './invoice-changes.js';
import { paymentStateOf, type InvoiceObject, type InvoiceRow } from './invoice-object.js';
import { refundSplit } from './invoice-resolution.js';
import { changeStatus } from './invoice-state.js';
import { findInvoiceRow } from './invoice-store.js';
import type { CreateInvoiceRefundInput, InvoiceRefund } from './invoice.schemas.js';
import { refundObject } from './refund-object.js';
import {
  completeRefundRow,
  findRefundRow,
  insertRefundRow,
  listRefundRows,
  type RefundRow,
} from './refund-store.js';

/**
 * Refunds of unresolved invoices (CRYPTOPAY-API.md §2.2). What a refund returns and what the
 * invoice becomes is `refundSplit`'s; the money moves like this, so balances add up:
 *
 * - the received crypto is held outside the merchant's balances while the invoice is unresolved;
 * - the part the merchant keeps (overpaid: the price) is credited on completion (`Invoice`);
 * - a refund to the merchant's own account credits the pay-currency account (`InvoiceRefund`,
 *   +amount); it is done at once (no chain transaction: `txid` stays null);
 * - a refund to an external address passes through that account: the held funds are released to
 *   it and sent on (`InvoiceRefund` +amount, then −amount), so the balance is unchanged and both
 *   movements are listed; it is `pending` until its transaction is sent (sandbox: simulated).
 *
 * The sandbox charges no refund fee (`fee` 0, in the pay currency). The invoice changes when the
 * refund is made: `refunded` then `status_changed`, both carrying the invoice in its new state.
 */

/** Refunds `read` (already locked) inside `t`; shared by the API and the sandbox auto-refund. */
export async function refundInvoice(
  ctx: AppContext,
  t: Tx,
  read: InvoiceRow,
  address: string | undefined,
): Promise<{ refund: RefundRow; invoice: InvoiceObject }> {
  const coin = payCoinOf(read);
  if (address !== undefined && !isValidAddress(read.pay_currency, read.network, address))
    throw fieldError(
      'address',
      `is not a valid ${read.pay_currency} address on ${read.network}`,
      'invalid_coin_address',
      { currency: read.pay_currency },
    );
  const state = paymentStateOf(read);
  const split = refundSplit(state, coin.precision);
  if (!split.ok) throw invalidState('invoice_id', split.message, read);
  const plan = changeStatus(state, split.next, 'refunded');
  if (!plan.ok) throw invalidState('invoice_id', plan.message, read);

  const at = t.now.toISOString();
  const external = address !== undefined;
  const refund: RefundRow = {
    id: randomUUID(),
    account_id: read.account_id,
    invoice_id: read.id,
    custom_id: read.custom_id,
    amount: formatUnits(split.refundUnits, coin.precision),
    amount_currency: read.pay_currency,
    fee: formatUnits(0n, coin.precision),
    fee_currency: read.pay_currency,
    address: address ?? null,
    network: read.network,
    txid: null,
    risk: external ? JSON.stringify(LOW_RISK) : null,
    status: external ? 'pending' : 'completed',
    created_at: at,
    completed_at: external ? null : at,
  };

  const ref = read.custom_id ?? read.id;
  const movement = (units: bigint, description: string): LedgerEntry => ({
    accountId: read.account_id,
    currency: read.pay_currency,
    units,
    referenceType: 'InvoiceRefund',
    referenceId: refund.id,
    description,
    at,
    status: null, // Cryptopay shows no status on InvoiceRefund movements (§2.13)
    customId: read.custom_id,
    customerId: read.customer_id,
  });
  if (split.refundUnits > 0n) {
    await postLedgerEntry(
      t.db,
      movement(
        split.refundUnits,
        external
          ? `Refund of invoice ${ref}: received funds released`
          : `Refund of invoice ${ref} to the ${read.pay_currency} account`,
      ),
    );
    if (external) {
      const sent = await postLedgerEntry(t.db, {
        ...movement(-split.refundUnits, `Refund of invoice ${ref} sent to ${address}`),
        fee: { units: 0n, currency: read.pay_currency },
      });
      // The credit just above covers it, under the same lock.
      if (!sent.ok) throw new Error('a refund debit was refused right after its credit');
    }
  }
  await insertRefundRow(t.db, refund);
  const invoice = await applyInvoiceChange(ctx, t, changeOf(read, plan.steps, at));
  return { refund, invoice };
}

export async function createRefund(
  ctx: AppContext,
  accountId: string,
  invoiceId: string,
  input: CreateInvoiceRefundInput,
): Promise<InvoiceRefund> {
  return tx(ctx, async (t) => {
    const read = await lockedInvoice(t, accountId, invoiceId);
    return refundObject((await refundInvoice(ctx, t, read, input.address)).refund);
  });
}

export async function listRefunds(
  ctx: AppContext,
  accountId: string,
  invoiceId: string,
): Promise<InvoiceRefund[]> {
  if (!(await findInvoiceRow(ctx.db.kysely, accountId, invoiceId))) throw notFound('invoice');
  return (await listRefundRows(ctx.db.kysely, accountId, invoiceId)).map(refundObject);
}

/**
 * Sandbox: the refund's transaction is sent — it gets its txid and is `completed`. No callback
 * exists for refunds [M]; the invoice already changed when the refund was made.
 */
export async function completeRefund(
  ctx: AppContext,
  accountId: string,
  refundId: string,
  audit: SandboxAudit,
  opts: { invoiceId?: string; field?: string } = {},
): Promise<InvoiceRefund> {
  // Ids come from the CLI and the generic simulate endpoint as any text.
  if (!uuid().safeParse(refundId).success) throw notFound('refund');
  return tx(ctx, async (t) => {
    const row = await findRefundRow(t.db, accountId, refundId);
    if (!row || (opts.invoiceId !== undefined && row.invoice_id !== opts.invoiceId)) throw notFound('refund');
    if (row.status !== 'pending')
      throw fieldError(
        opts.field ?? 'state',
        row.address === null
          ? 'a refund to the own account is completed when it is made'
          : 'the refund is already completed',
        'invalid_state',
        { status: row.status },
      );
    const at = t.now.toISOString();
    const txid = sandboxTxid(row.network);
    if (!(await completeRefundRow(t.db, row, txid, at)))
      throw conflict('the refund changed meanwhile; reload it and try again');
    await t.audit({
      accountId,
      actor: audit.actor,
      action: 'sandbox.refund_simulated',
      target: `${row.id}: pending → completed`,
      ip: audit.ip,
    });
    return refundObject({ ...row, status: 'completed', txid, completed_at: at });
  });
}
