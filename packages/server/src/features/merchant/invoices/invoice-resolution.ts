import { formatUnits, parseUnits, pow10, rescale } from '../money/decimal.js';
import { processingFeeUnits, RATE_SCALE } from './invoice-pricing.js';
import { describe, merchantResolvable, toUnits, type PaymentState } from './invoice-state.js';

/**
 * The maths of resolving an unresolved invoice (CRYPTOPAY-API.md §2.2, §2.3), pure: how much a
 * refund returns and what the invoice becomes, what a recalculation settles at a rate, and whether
 * a recalculation may still be committed.
 */

export type Refusal = { ok: false; message: string };

export interface RefundSplit {
  ok: true;
  /** Returned to the payer (or the merchant's crypto account), in pay-currency units. */
  refundUnits: bigint;
  /** underpaid / paid_late: everything goes back → refunded; overpaid: the excess → completed. */
  next: 'refunded' | 'completed';
}

export function refundSplit(state: PaymentState, precision: number): RefundSplit | Refusal {
  if (!merchantResolvable(state))
    return {
      ok: false,
      message:
        state.status_context === 'illicit_resource'
          ? 'an illicit_resource invoice is resolved by Cryptopay, not refunded by the merchant'
          : `only an unresolved invoice can be refunded; this one is ${describe(state)}`,
    };
  const paid = toUnits(state.paid_amount, precision);
  if (state.status_context === 'overpaid')
    return { ok: true, refundUnits: paid - toUnits(state.pay_amount, precision), next: 'completed' };
  return { ok: true, refundUnits: paid, next: 'refunded' };
}

export interface RecalculationInput {
  /** Crypto actually received, which the recalculation prices anew. */
  paid_amount: string;
  payPrecision: number;
  pricePrecision: number;
  /** Pay currency priced in the price currency now; null when both are the same currency. */
  rate: string | null;
}

export interface Recalculated {
  pay_amount: string;
  price_amount: string;
  fee: string;
  /** The price, less the fee: what completing the invoice credits. */
  netUnits: bigint;
}

/**
 * The received crypto at the current rate. The price is rounded down to the price currency's
 * precision (the merchant is never credited more than the coins are worth); the fee is the usual
 * processing fee on that price.
 */
export function recalculate(input: RecalculationInput): Recalculated {
  const paid = toUnits(input.paid_amount, input.payPrecision);
  let priceUnits: bigint;
  if (input.rate === null) {
    priceUnits = rescale(paid, input.payPrecision, input.pricePrecision);
  } else {
    const rate = parseUnits(input.rate, RATE_SCALE);
    if (!rate.ok) throw new Error(`bad sandbox rate ${input.rate}`);
    priceUnits =
      (paid * rate.units * pow10(input.pricePrecision)) / (pow10(input.payPrecision) * pow10(RATE_SCALE));
  }
  const feeUnits = processingFeeUnits(priceUnits);
  return {
    pay_amount: formatUnits(paid, input.payPrecision),
    price_amount: formatUnits(priceUnits, input.pricePrecision),
    fee: formatUnits(feeUnits, input.pricePrecision),
    netUnits: priceUnits - feeUnits,
  };
}

/** A recalculation's quote holds this long; commit it within the window [M, D]. */
export const COMMIT_WINDOW_MS = 30_000;

export type CommitCheck = 'ok' | 'already_committed' | 'expired';

export function commitCheck(
  recalculation: { created_at: string; committed_at: string | null },
  now: Date,
): CommitCheck {
  if (recalculation.committed_at !== null) return 'already_committed';
  if (now.getTime() - Date.parse(recalculation.created_at) > COMMIT_WINDOW_MS) return 'expired';
  return 'ok';
}
