import { findCurrency } from '../currencies.js';
import { formatUnits } from '../money/decimal.js';
import { wireTime } from '../wire/timestamp.js';
import type { RecalculationRow } from './recalculation-store.js';
import type { InvoiceRecalculation } from './invoice.schemas.js';

export function recalculationObject(row: RecalculationRow): InvoiceRecalculation {
  return {
    id: row.id,
    invoice_id: row.invoice_id,
    pay_amount: row.pay_amount,
    pay_currency: row.pay_currency,
    price_amount: row.price_amount,
    price_currency: row.price_currency,
    fee: row.fee,
    fee_currency: row.fee_currency,
    previous_pay_amount: row.previous_pay_amount,
    previous_price_amount: row.previous_price_amount,
    previous_exchange_rate: row.previous_exchange_rate,
    exchange:
      row.exchange_rate === null
        ? null
        : {
            pair: `${row.pay_currency}${row.price_currency}`,
            rate: row.exchange_rate,
            fee: formatUnits(0n, findCurrency(row.price_currency)?.precision ?? 2),
            fee_currency: row.price_currency,
          },
    created_at: wireTime(row.created_at),
  };
}
