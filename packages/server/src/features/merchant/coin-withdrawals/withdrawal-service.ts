import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../../platform/context.js';
import { isUniqueViolation } from '../../../platform/db/errors.js';
import { tx } from '../../../platform/db/tx.js';
import {
  ApiError,
  conflict,
  duplicateCustomId,
  fieldError,
  notFound,
  validationFailed,
} from '../../../platform/http/errors.js';
import type { SandboxAudit } from '../resource.js';
import { postLedgerEntry } from '../balances/ledger-store.js';
import { formatUnits } from '../money/decimal.js';
import { LOW_RISK } from '../wire/common-models.js';
import type {
  CoinWithdrawal,
  CoinWithdrawalList,
  CoinWithdrawalListQuery,
  CreateCoinWithdrawalInput,
} from './coin-withdrawal.schemas.js';
import { coinWithdrawalObject, type CoinWithdrawalRow } from './withdrawal-object.js';
import { emitWithdrawalEvent } from './withdrawal-events.js';
import { applySteps, expireOverdue } from './withdrawal-moves.js';
import { display, insufficientFunds, quoteWithdrawal } from './withdrawal-quote.js';
import { initialStatus, planCommit, planSimulation, type SimulationTarget } from './withdrawal-state.js';
import {
  findWithdrawalRow,
  findWithdrawalRowByCustomId,
  insertWithdrawalRow,
  listWithdrawalRows,
} from './withdrawal-store.js';

/** Cryptopay's refusal of a screened destination (CRYPTOPAY-API.md §1.7): no details. */
export const highRiskAddress = () =>
  new ApiError(
    422,
    'high_risk_address',
    'This withdrawal cannot be processed: the recipient address may be linked to a resource used mainly for illicit activity.',
  );

/**
 * Creates a payout: validated and priced (withdrawal-quote.ts), then — in one transaction — the
 * debit of charged_amount (fee included) under the account's ledger lock, the row, and the
 * `created` callback. The debit comes first and is taken for a `new` (uncommitted) withdrawal
 * too, so its 30-second quote holds the money; a debit the balance cannot cover writes nothing.
 */
export async function createCoinWithdrawal(
  ctx: AppContext,
  accountId: string,
  input: CreateCoinWithdrawalInput,
): Promise<CoinWithdrawal> {
  const quoted = quoteWithdrawal(input);
  if (!quoted.ok) throw validationFailed(quoted.issues);
  const q = quoted.quote;
  if (q.highRisk) throw highRiskAddress();
  await expireOverdue(ctx, accountId);
  // Checked first so a reused custom_id is a 409 even when the balance is short; the unique index
  // still decides a race.
  if (
    input.custom_id !== undefined &&
    (await findWithdrawalRowByCustomId(ctx.db.kysely, accountId, input.custom_id))
  )
    throw duplicateCustomId('coin withdrawal');

  const a = q.amounts;
  const status = initialStatus(input.force_commit);
  let result: { ok: true; data: CoinWithdrawal } | { ok: false; balance: bigint };
  try {
    result = await tx(ctx, async (t) => {
      const now = t.now.toISOString();
      const id = randomUUID();
      const posted = await postLedgerEntry(t.db, {
        accountId,
        currency: q.chargedCurrency,
        units: -a.charged,
        referenceType: 'CoinWithdrawal',
        referenceId: id,
        description: `Coin withdrawal of ${display(a.received, q.receivedPrecision)} ${q.receivedCurrency} to ${q.address}`,
        at: now,
        status,
        customId: input.custom_id ?? null,
        customerId: input.customer_id ?? null,
        fee: { units: a.fee, currency: q.chargedCurrency },
        risk: LOW_RISK,
      });
      if (!posted.ok) return { ok: false, balance: posted.balance };
      const row: CoinWithdrawalRow = {
        id,
        account_id: accountId,
        custom_id: input.custom_id ?? null,
        customer_id: input.customer_id ?? null,
        address: q.address,
        network: q.network,
        txid: null,
        status,
        charged_amount: formatUnits(a.charged, q.chargedPrecision),
        charged_currency: q.chargedCurrency,
        received_amount: formatUnits(a.received, q.receivedPrecision),
        received_currency: q.receivedCurrency,
        network_fee: formatUnits(a.networkFee, q.receivedPrecision),
        network_fee_level: q.networkFeeLevel,
        fee: formatUnits(a.fee, q.chargedPrecision),
        fee_currency: q.chargedCurrency,
        exchange_rate: q.rate,
        risk: JSON.stringify(LOW_RISK),
        beneficiary: q.beneficiary === null ? null : JSON.stringify(q.beneficiary),
        created_at: now,
        committed_at: status === 'pending' ? now : null,
        updated_at: now,
      };
      await insertWithdrawalRow(t.db, row);
      const data = coinWithdrawalObject(row);
      await emitWithdrawalEvent(ctx, t, accountId, 'created', data);
      return { ok: true, data };
    });
  } catch (err) {
    // Caught outside the transaction: on PostgreSQL the failed insert has aborted it.
    if (isUniqueViolation(err)) throw duplicateCustomId('coin withdrawal');
    throw err;
  }
  if (!result.ok) throw validationFailed(insufficientFunds(q, result.balance));
  return result.data;
}

/**
 * POST …/commit: a `new` withdrawal within its 30 seconds becomes `pending`. Later, it is
 * cancelled (its debit returned, `status_changed` sent) and the answer is 422 `expired`; a second
 * commit is 422 `already_committed`. Both codes are the sandbox's ([I]): Cryptopay documents none.
 */
export async function commitCoinWithdrawal(
  ctx: AppContext,
  accountId: string,
  id: string,
): Promise<CoinWithdrawal> {
  await expireOverdue(ctx, accountId);
  const result = await tx(ctx, async (t) => {
    const row = await findWithdrawalRow(t.db, accountId, id);
    if (!row) throw notFound('coin withdrawal');
    const plan = planCommit(row, t.now);
    if (!plan.ok) {
      // Only reachable when the window closed between the sweep above and this transaction.
      if (plan.code === 'expired' && plan.expire) await applySteps(ctx, t, row, ['cancelled']);
      return plan;
    }
    const moved = await applySteps(ctx, t, row, [plan.to]);
    if (!moved.moved) throw conflict('the coin withdrawal changed meanwhile; fetch it and try again');
    return { ok: true as const, data: coinWithdrawalObject(moved.row) };
  });
  if (!result.ok) throw fieldError('coin_withdrawal_id', result.message, result.code);
  return result.data;
}

export async function getCoinWithdrawal(
  ctx: AppContext,
  accountId: string,
  id: string,
): Promise<CoinWithdrawal> {
  await expireOverdue(ctx, accountId);
  const row = await findWithdrawalRow(ctx.db.kysely, accountId, id);
  if (!row) throw notFound('coin withdrawal');
  return coinWithdrawalObject(row);
}

export async function getCoinWithdrawalByCustomId(
  ctx: AppContext,
  accountId: string,
  customId: string,
): Promise<CoinWithdrawal> {
  await expireOverdue(ctx, accountId);
  const row = await findWithdrawalRowByCustomId(ctx.db.kysely, accountId, customId);
  if (!row) throw notFound('coin withdrawal');
  return coinWithdrawalObject(row);
}

/** Newest first; an unknown cursor (another account's withdrawal included) is a 422 on it. */
export async function listCoinWithdrawals(
  ctx: AppContext,
  accountId: string,
  query: CoinWithdrawalListQuery,
): Promise<CoinWithdrawalList> {
  await expireOverdue(ctx, accountId);
  const found = await listWithdrawalRows(ctx.db.kysely, accountId, { customerId: query.customer_id }, query);
  if (!found)
    throw fieldError(
      'querystring.starting_after',
      'must be the id of a coin withdrawal in this list',
      'not_found',
    );
  return {
    data: found.rows.map(coinWithdrawalObject),
    meta: { total: found.total, has_more: found.hasMore },
  };
}

/**
 * The sandbox's stand-in for the network: walks a withdrawal to `target` through the state
 * machine (withdrawal-state.ts planSimulation), each step with its `status_changed` callback and
 * ledger effect, and writes the audit line — all in one transaction.
 */
export async function simulateCoinWithdrawal(
  ctx: AppContext,
  accountId: string,
  id: string,
  target: SimulationTarget,
  audit: SandboxAudit,
): Promise<CoinWithdrawal> {
  await expireOverdue(ctx, accountId);
  return tx(ctx, async (t) => {
    const row = await findWithdrawalRow(t.db, accountId, id);
    if (!row) throw notFound('coin withdrawal');
    const plan = planSimulation(row.status, target);
    if (!plan.ok) throw fieldError('id', plan.message, plan.code, { status: row.status });
    const moved = await applySteps(ctx, t, row, plan.steps);
    if (!moved.moved) throw conflict('the coin withdrawal changed meanwhile; fetch it and try again');
    await t.audit({
      accountId,
      actor: audit.actor,
      action: 'sandbox.coin_withdrawal_simulated',
      target: `${row.id}: ${[row.status, ...plan.steps].join(' → ')}`,
      ip: audit.ip,
    });
    return coinWithdrawalObject(moved.row);
  });
}
