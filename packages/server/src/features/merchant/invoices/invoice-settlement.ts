import { parseUnits } from '../money/decimal.js';
import { findCurrency } from '../currencies.js';
import type { InvoiceStatus } from './invoice-state.js';

/**
 * What a status change does to the merchant's balance in the price currency: completing an
 * invoice credits the price less the fee (`invoice` as it is once completed, so a recalculation's
 * amounts count). Anything else never reached the balance. Returns signed units, or null for no
 * ledger entry. (Taking a completed invoice back is kept for completeness: the lifecycle makes
 * `completed` final, so no change asks for it.)
 */
export function settlementUnits(
  from: InvoiceStatus,
  to: InvoiceStatus,
  invoice: { price_amount: string; fee: string; price_currency: string },
): bigint | null {
  const credits = to === 'completed' && from !== 'completed';
  const debits = from === 'completed' && to === 'refunded';
  if (!credits && !debits) return null;
  const precision = findCurrency(invoice.price_currency)?.precision;
  if (precision === undefined) throw new Error(`unknown currency ${invoice.price_currency}`);
  const price = parseUnits(invoice.price_amount, precision);
  const fee = parseUnits(invoice.fee, precision);
  if (!price.ok || !fee.ok) throw new Error('stored invoice amounts do not parse');
  const net = price.units - fee.units;
  return credits ? net : -net;
}
