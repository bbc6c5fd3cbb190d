import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../../platform/context.js';
import { isUniqueViolation } from '../../../platform/db/errors.js';
import { tx, type Tx } from '../../../platform/db/tx.js';
import { duplicateCustomId, fieldError, notFound, validationFailed } from '../../../platform/http/errors.js';
import { currentBalance, lockLedger, postLedgerEntry, signedUnits } from '../balances/ledger-store.js';
import { findCurrency } from '../currencies.js';
import { formatUnits } from '../money/decimal.js';
import { conversionOf } from './exchange-math.js';
import { insufficientFunds, quoteTransfer, type Quote } from './exchange-quote.js';
import { exchangeTransferObject } from './exchange-transfer-object.js';
import type { CreateExchangeTransferInput, ExchangeTransfer } from './exchange-transfer.schemas.js';
import { initialState, planCommit } from './exchange-transfer-state.js';
import {
  findExchangeTransferRow,
  insertExchangeTransferRow,
  markCommitted,
  type ExchangeTransferRow,
} from './exchange-transfer-store.js';

type Precisions = Pick<Quote, 'chargedPrecision' | 'receivedPrecision' | 'conversion'>;

/** A stored transfer's precisions and conversion, for the insufficient-funds maxima at commit. */
function precisionsOf(row: ExchangeTransferRow): Precisions {
  const chargedPrecision = findCurrency(row.charged_currency)?.precision;
  const receivedPrecision = findCurrency(row.received_currency)?.precision;
  if (chargedPrecision === undefined || receivedPrecision === undefined)
    throw new Error(`exchange transfer ${row.id} names a currency the catalogue no longer has`);
  const pair = {
    pair: row.pair,
    rate: row.rate,
    chargedIsBase: row.pair === `${row.charged_currency}${row.received_currency}`,
  };
  return {
    chargedPrecision,
    receivedPrecision,
    conversion: conversionOf(pair, chargedPrecision, receivedPrecision),
  };
}

/**
 * Executes a transfer on the ledger, in the caller's transaction: the debit of the charged
 * currency first (it takes the account's ledger lock and refuses to go below zero — then nothing
 * is written and the answer is Cryptopay's insufficient-funds 422), then the credit. Both movements
 * are `ExchangeTransfer` with status null, as Cryptopay's ledger shows them (§2.13).
 */
async function execute(t: Tx, row: ExchangeTransferRow, precisions: Precisions): Promise<void> {
  const at = t.now.toISOString();
  const description = `Exchange transfer ${row.charged_currency} → ${row.received_currency} (${row.pair} ${row.rate})`;
  const common = {
    accountId: row.account_id,
    referenceType: 'ExchangeTransfer',
    referenceId: row.id,
    description,
    at,
    status: null,
    customId: row.custom_id,
  } as const;
  const debit = await postLedgerEntry(t.db, {
    ...common,
    currency: row.charged_currency,
    units: -signedUnits(row.charged_amount, row.charged_currency),
    fee: { units: signedUnits(row.fee, row.fee_currency), currency: row.fee_currency },
  });
  if (!debit.ok) throw validationFailed(insufficientFunds(precisions, debit.balance));
  await postLedgerEntry(t.db, {
    ...common,
    currency: row.received_currency,
    units: signedUnits(row.received_amount, row.received_currency),
  });
}

/**
 * Quotes a transfer and, with `force_commit`, executes it at once. A quote is refused up front
 * when the balance does not cover it (a read, no lock: commit checks again under the lock, which
 * is what guarantees the balance). No callback exists for transfers (CRYPTOPAY-API.md §4.2).
 */
export async function createExchangeTransfer(
  ctx: AppContext,
  accountId: string,
  input: CreateExchangeTransferInput,
): Promise<ExchangeTransfer> {
  const quoted = quoteTransfer(input);
  if (!quoted.ok) throw validationFailed(quoted.issues);
  const q = quoted.quote;
  try {
    return await tx(ctx, async (t) => {
      const status = initialState(input.force_commit);
      const now = t.now.toISOString();
      const row: ExchangeTransferRow = {
        id: randomUUID(),
        account_id: accountId,
        custom_id: input.custom_id ?? null,
        charged_amount: formatUnits(q.amounts.charged, q.chargedPrecision),
        charged_currency: q.chargedCurrency,
        received_amount: formatUnits(q.amounts.received, q.receivedPrecision),
        received_currency: q.receivedCurrency,
        pair: q.pair.pair,
        rate: q.pair.rate,
        fee: formatUnits(q.amounts.fee, q.chargedPrecision),
        fee_currency: q.chargedCurrency,
        status,
        created_at: now,
        committed_at: status === 'committed' ? now : null,
      };
      if (status === 'committed') await execute(t, row, q);
      else {
        const balance = await currentBalance(t.db, accountId, q.chargedCurrency);
        if (balance < q.amounts.charged) throw validationFailed(insufficientFunds(q, balance));
      }
      await insertExchangeTransferRow(t.db, row);
      return exchangeTransferObject(row);
    });
  } catch (err) {
    // Caught outside the transaction: on PostgreSQL the failed insert has aborted it (and with it
    // a forced transfer's ledger movements).
    if (isUniqueViolation(err)) throw duplicateCustomId('exchange transfer');
    throw err;
  }
}

/**
 * Executes a quote within its 30 s. The account's ledger lock is taken before the transfer is
 * read, so two commits of one quote (or of several quotes against one balance) run one after the
 * other and each sees what the previous one did.
 */
export async function commitExchangeTransfer(
  ctx: AppContext,
  accountId: string,
  id: string,
): Promise<ExchangeTransfer> {
  return tx(ctx, async (t) => {
    await lockLedger(t.db, accountId);
    const row = await findExchangeTransferRow(t.db, accountId, id);
    if (!row) throw notFound('exchange transfer');
    const plan = planCommit(row, t.now);
    if (!plan.ok) throw fieldError('exchange_transfer_id', plan.message, plan.code);
    await execute(t, row, precisionsOf(row));
    const committedAt = t.now.toISOString();
    // Cannot miss under the lock; if it ever did, throwing rolls the movements back.
    if (!(await markCommitted(t.db, accountId, id, committedAt)))
      throw new Error(`exchange transfer ${id} changed under the ledger lock`);
    return exchangeTransferObject({ ...row, status: plan.to, committed_at: committedAt });
  });
}

export async function getExchangeTransfer(
  ctx: AppContext,
  accountId: string,
  id: string,
): Promise<ExchangeTransfer> {
  const row = await findExchangeTransferRow(ctx.db.kysely, accountId, id);
  if (!row) throw notFound('exchange transfer');
  return exchangeTransferObject(row);
}
