import type { Risk } from '../wire/common-models.js';
import { wireTime } from '../wire/timestamp.js';
import type { RefundRow } from './refund-store.js';
import type { InvoiceRefund } from './invoice.schemas.js';

/** The refund as the merchant API shows it; its internal status is not on the wire. */
export function refundObject(row: RefundRow): InvoiceRefund {
  return {
    id: row.id,
    invoice_id: row.invoice_id,
    custom_id: row.custom_id,
    amount: row.amount,
    amount_currency: row.amount_currency,
    fee: row.fee,
    fee_currency: row.fee_currency,
    address: row.address,
    network: row.network,
    txid: row.txid,
    risk: row.risk === null ? null : (JSON.parse(row.risk) as Risk),
    created_at: wireTime(row.created_at),
  };
}
