import { trimZeros } from '../money/decimal.js';
import type { ExchangeTransfer } from './exchange-transfer.schemas.js';
import type { ExchangeTransferRow } from './exchange-transfer-store.js';

/**
 * A row as Cryptopay's ExchangeTransfer (CRYPTOPAY-API.md §2.8): exactly the model's fields —
 * the internal status and times stay inside. Amounts print as the wire writes them ("0.0016").
 */
export function exchangeTransferObject(row: ExchangeTransferRow): ExchangeTransfer {
  return {
    id: row.id,
    charged_amount: trimZeros(row.charged_amount),
    charged_currency: row.charged_currency,
    received_amount: trimZeros(row.received_amount),
    received_currency: row.received_currency,
    custom_id: row.custom_id,
    exchange: { pair: row.pair, rate: row.rate, fee: trimZeros(row.fee), fee_currency: row.fee_currency },
  };
}
