import { divRound, parseUnits, pow10 } from '../money/decimal.js';
import { findRate } from '../rates/rate-table.js';

/**
 * The money of an exchange transfer (CRYPTOPAY-API.md §2.8) as pure integer arithmetic.
 *
 * Rate: the sandbox rate table's pair between the two currencies, with its spread — when the
 * charged currency is the pair's base the platform buys it (`buy_rate`, e.g. BTC → EUR at BTCEUR's
 * buy rate); when the received currency is the base the platform sells it (`sell_rate`, EUR → BTC
 * at BTCEUR's sell rate). `exchange.pair` and `exchange.rate` are that pair and rate, quote per
 * base, as on invoices and withdrawals.
 *
 * Fee: EXCHANGE_FEE_BPS of the converted value, in the charged currency, on top of the spread:
 *
 *   charged  = sent + fee        fee = sent × 0.5 %, rounded half up
 *   received = sent converted    rounded down (rounding never favours the transfer over the balance)
 *
 * Given `received_amount`, `sent` is the least charged value that converts to it (rounded up);
 * given `charged_amount`, exactly that is debited: `sent` is the most whose fee still fits in it,
 * and `fee` is the rest (the 0.5 %, or one unit more where a larger `sent` would overrun).
 */

/** 0.5 % in basis points. */
export const EXCHANGE_FEE_BPS = 50n;
const BPS = 10_000n;

export const AMOUNT_PARAMS = ['charged_amount', 'received_amount'] as const;
export type AmountParam = (typeof AMOUNT_PARAMS)[number];

/** The pair a transfer converts at, as `exchange.pair`/`exchange.rate` show it. */
export interface ExchangePair {
  /** Base and quote concatenated, `BTCEUR`. */
  pair: string;
  /** Quote per base, as the rate table prints it. */
  rate: string;
  /** Whether the charged currency is the pair's base (received = charged × rate). */
  chargedIsBase: boolean;
}

/** A rate the table quotes as a positive decimal (a zero or malformed one converts nothing). */
const usable = (rate: string | undefined): rate is string => {
  if (rate === undefined) return false;
  const parsed = parseUnits(rate, (rate.split('.')[1] ?? '').length);
  return parsed.ok && parsed.units > 0n;
};

/** The pair between two currencies of the rate table; undefined when the table has none. */
export function exchangePair(charged: string, received: string): ExchangePair | undefined {
  if (charged === received) return undefined;
  const selling = findRate(charged, received)?.buy_rate;
  if (usable(selling)) return { pair: `${charged}${received}`, rate: selling, chargedIsBase: true };
  const buying = findRate(received, charged)?.sell_rate;
  if (usable(buying)) return { pair: `${received}${charged}`, rate: buying, chargedIsBase: false };
  return undefined;
}

/** received units = charged units × num / den (precisions and the rate folded in). */
export interface Conversion {
  num: bigint;
  den: bigint;
}

export function conversionOf(
  p: ExchangePair,
  chargedPrecision: number,
  receivedPrecision: number,
): Conversion {
  const scale = (p.rate.split('.')[1] ?? '').length;
  const parsed = parseUnits(p.rate, scale);
  if (!parsed.ok || parsed.units <= 0n) throw new Error(`bad sandbox rate ${p.rate}`);
  // base→quote: q = b × rate;  quote→base: b = q / rate; each rescaled between the precisions.
  return p.chargedIsBase
    ? { num: parsed.units * pow10(receivedPrecision), den: pow10(scale + chargedPrecision) }
    : { num: pow10(scale + receivedPrecision), den: parsed.units * pow10(chargedPrecision) };
}

/** Charged units → received units, rounded down. */
export const toReceived = (units: bigint, c: Conversion): bigint => (units * c.num) / c.den;

/** The least charged units that convert to `units` received, rounded up. */
export const toCharged = (units: bigint, c: Conversion): bigint => (units * c.den + c.num - 1n) / c.num;

export const exchangeFee = (sent: bigint): bigint => divRound(sent * EXCHANGE_FEE_BPS, BPS);

export interface TransferAmounts {
  /** Debited from the charged currency, fee included (charged units). */
  charged: bigint;
  /** Credited in the received currency (received units); 0 when the amount covers nothing. */
  received: bigint;
  /** In charged units. */
  fee: bigint;
}

/** The amounts of a transfer where `param` was given as positive `units` (in its currency). */
export function computeTransfer(param: AmountParam, units: bigint, c: Conversion): TransferAmounts {
  if (param === 'received_amount') {
    const sent = toCharged(units, c);
    const fee = exchangeFee(sent);
    return { charged: sent + fee, received: units, fee };
  }
  // The largest sent value whose fee still fits: sent + fee(sent) ≤ units.
  let sent = (units * BPS) / (BPS + EXCHANGE_FEE_BPS);
  while (sent > 0n && sent + exchangeFee(sent) > units) sent -= 1n;
  while (sent + 1n + exchangeFee(sent + 1n) <= units) sent += 1n;
  return { charged: units, received: toReceived(sent, c), fee: units - sent };
}

/** The most a balance (charged units) converts to: what Cryptopay names as received_amount's maximum. */
export function maxReceivable(balance: bigint, c: Conversion): bigint {
  return balance > 0n ? computeTransfer('charged_amount', balance, c).received : 0n;
}

/** The least charged amount that receives one unit: the minimum of `charged_amount`. */
export const leastCharged = (c: Conversion): bigint => computeTransfer('received_amount', 1n, c).charged;
