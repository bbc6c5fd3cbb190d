import { divRound, parseUnits, pow10 } from '../money/decimal.js';

/**
 * A payout's amounts (CRYPTOPAY-API.md §2.6, the SDK scheme), as pure integer arithmetic:
 *
 *   sent value  = received_amount + network_fee, converted into the charged currency
 *   fee         = PROCESSING_FEE_BPS of the sent value (the sandbox's processing fee)
 *   charged     = sent value + fee
 *
 * What the merchant fixes depends on the parameter used:
 *   received_amount         the recipient gets exactly this; network fee and fee come on top
 *   charged_amount_to_send  this much (charged currency) is converted and sent; fees on top
 *   charged_amount          exactly this is debited; the fee and the network fee come out of it
 *
 * Conversions use one rate, "charged currency per received coin" (the sandbox sell rate): into
 * the charged currency rounded up, into the coin rounded down, so rounding never favours the
 * payout over the balance.
 */

export const AMOUNT_PARAMS = ['charged_amount', 'charged_amount_to_send', 'received_amount'] as const;
export type AmountParam = (typeof AMOUNT_PARAMS)[number];

/** 1 % in basis points. */
export const PROCESSING_FEE_BPS = 100n;
const BPS = 10_000n;

/** An exact decimal rate as units at its own scale ("59700.5" → 597005 at scale 1). */
export interface ExactRate {
  units: bigint;
  scale: number;
}

export function parseRate(text: string): ExactRate {
  const scale = (text.split('.')[1] ?? '').length;
  const parsed = parseUnits(text, scale);
  if (!parsed.ok || parsed.units <= 0n) throw new Error(`bad rate ${text}`);
  return { units: parsed.units, scale };
}

/** How the two currencies relate: same currency (no rate) or a rate with both precisions. */
export interface Conversion {
  chargedPrecision: number;
  receivedPrecision: number;
  /** Charged currency per one received coin; null when both are the same currency. */
  rate: ExactRate | null;
}

/** Coin units → charged units, rounded up. */
export function toCharged(units: bigint, c: Conversion): bigint {
  if (c.rate === null) return units;
  const num = units * c.rate.units * pow10(c.chargedPrecision);
  const den = pow10(c.rate.scale + c.receivedPrecision);
  return num <= 0n ? num / den : (num + den - 1n) / den;
}

/** Charged units → coin units, rounded down. */
export function toReceived(units: bigint, c: Conversion): bigint {
  if (c.rate === null) return units;
  return (units * pow10(c.rate.scale + c.receivedPrecision)) / (c.rate.units * pow10(c.chargedPrecision));
}

export const processingFee = (sentValue: bigint): bigint => divRound(sentValue * PROCESSING_FEE_BPS, BPS);

export interface Amounts {
  /** Debited from the charged account, fee included (charged units). */
  charged: bigint;
  /** What the recipient gets (coin units); ≤ 0 means the amount does not cover the fees. */
  received: bigint;
  /** In coin units. */
  networkFee: bigint;
  /** Processing fee, in charged units. */
  fee: bigint;
}

/** The amounts of a payout where `param` was given as `units` (in that parameter's currency). */
export function computeAmounts(
  param: AmountParam,
  units: bigint,
  networkFee: bigint,
  c: Conversion,
): Amounts {
  switch (param) {
    case 'received_amount': {
      const sent = toCharged(units + networkFee, c);
      const fee = processingFee(sent);
      return { charged: sent + fee, received: units, networkFee, fee };
    }
    case 'charged_amount_to_send': {
      const sent = units + toCharged(networkFee, c);
      const fee = processingFee(sent);
      return { charged: sent + fee, received: toReceived(units, c), networkFee, fee };
    }
    case 'charged_amount': {
      // The largest sent value whose fee still fits: sent + fee(sent) ≤ units.
      let sent = (units * BPS) / (BPS + PROCESSING_FEE_BPS);
      while (sent > 0n && sent + processingFee(sent) > units) sent -= 1n;
      const fee = units - sent;
      return { charged: units, received: toReceived(sent, c) - networkFee, networkFee, fee };
    }
  }
}

/**
 * The least amount of `param` that sends at least one unit of the coin after both fees: what a
 * too-small charged_amount is told to be at least.
 */
export function leastAmount(param: AmountParam, networkFee: bigint, c: Conversion): bigint {
  if (param === 'received_amount') return 1n;
  if (param === 'charged_amount_to_send') {
    let units = toCharged(1n, c);
    while (toReceived(units, c) < 1n) units += 1n;
    return units;
  }
  // Rounding can leave the inverse one or two units short; step up to the first that works.
  let units = computeAmounts('received_amount', 1n, networkFee, c).charged;
  while (computeAmounts('charged_amount', units, networkFee, c).received < 1n) units += 1n;
  return units;
}

/** The most the recipient could get from `balance` (charged units): 0 when it covers no fees. */
export function maxReceivable(balance: bigint, networkFee: bigint, c: Conversion): bigint {
  const r = computeAmounts('charged_amount', balance, networkFee, c).received;
  return r > 0n ? r : 0n;
}
