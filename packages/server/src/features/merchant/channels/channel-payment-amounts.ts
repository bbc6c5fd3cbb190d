import { amountText } from '../money/amount-param.js';
import { divRound, parseUnits, pow10 } from '../money/decimal.js';

/**
 * The money of a channel payment (CRYPTOPAY-API.md §2.5): the crypto received, converted to the
 * channel's receiver currency at the sandbox rate, less the processing fee. Pure BigInt maths.
 *
 *   gross    = paid × rate, rounded half up to the receiver currency's precision
 *   fee      = 1 % of gross, rounded half up (the invoices' flat rate, invoice-pricing.ts)
 *   received = gross − fee
 *
 * so `received + fee` is exactly the paid amount converted at `exchange.rate` (and equals
 * `paid_amount` itself when nothing is converted, as Cryptopay's docs state).
 */
export const CHANNEL_FEE_PERCENT = 1n;

export interface PaymentAmounts {
  /** In the pay currency's units. */
  paid: bigint;
  /** The rest in the receiver currency's units. */
  gross: bigint;
  fee: bigint;
  received: bigint;
}

/** A rate string ("59700.0", "1.0") as integer digits and its number of decimals. */
function rateParts(rate: string): { units: bigint; scale: number } {
  const scale = (rate.split('.')[1] ?? '').length;
  const parsed = parseUnits(rate, scale);
  if (!parsed.ok) throw new Error(`bad sandbox rate ${rate}`);
  return { units: parsed.units, scale };
}

export function convertPayment(p: {
  paid: bigint;
  payPrecision: number;
  receiverPrecision: number;
  rate: string;
}): PaymentAmounts {
  const rate = rateParts(p.rate);
  const gross = divRound(
    p.paid * rate.units * pow10(p.receiverPrecision),
    pow10(p.payPrecision + rate.scale),
  );
  const fee = divRound(gross * CHANNEL_FEE_PERCENT, 100n);
  return { paid: p.paid, gross, fee, received: gross - fee };
}

/**
 * A simulated payment's amount as sent (JSON number or decimal string), in the pay currency's
 * units: positive, at most the coin's precision, at least the network's minimum. JSON numbers
 * only in plain decimal form (no `1e-7`), as for invoice prices.
 */
export function parsePaidAmount(
  value: string | number,
  precision: number,
  minimum: string,
):
  | { ok: true; units: bigint }
  | { ok: false; message: string; code?: string; args?: Record<string, unknown> } {
  const text = amountText(value);
  if (text === null) return { ok: false, message: 'must be a finite decimal number, e.g. "0.01"' };
  const parsed = parseUnits(text, precision);
  if (!parsed.ok) return { ok: false, message: parsed.message };
  const min = parseUnits(minimum, precision);
  if (!min.ok) throw new Error(`bad network minimum ${minimum}`);
  if (parsed.units <= 0n || parsed.units < min.units)
    return {
      ok: false,
      message: `must be greater than or equal to ${minimum}`,
      code: 'must_be_greater_than_or_equal',
      args: { value: minimum },
    };
  return { ok: true, units: parsed.units };
}
