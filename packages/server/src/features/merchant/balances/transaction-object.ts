import { trimZeros } from '../money/decimal.js';
import type { Risk } from '../wire/common-models.js';
import { wireTime } from '../wire/timestamp.js';
import type { AccountTransaction } from './balance.schemas.js';
import type { LedgerRow } from './ledger-store.js';

/**
 * A ledger row as Cryptopay's Transaction (CRYPTOPAY-API.md §2.13): every field, nulls present,
 * amounts without trailing zeros as the wire writes them (recorded: `"-100.0"`, `"0.02957117"`).
 */
export function transactionObject(r: LedgerRow): AccountTransaction {
  return {
    id: r.id,
    custom_id: r.custom_id,
    customer_id: r.customer_id,
    amount: trimZeros(r.amount),
    currency: r.currency,
    balance: trimZeros(r.balance ?? '0'),
    fee: r.fee === null ? null : trimZeros(r.fee),
    fee_currency: r.fee_currency,
    reference_id: r.reference_id,
    reference_type: r.reference_type as AccountTransaction['reference_type'],
    description: r.description,
    status: r.status,
    status_context: r.status_context,
    risk: r.risk === null ? null : (JSON.parse(r.risk) as Risk),
    created_at: wireTime(r.created_at),
  };
}
