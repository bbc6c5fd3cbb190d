import type { Selectable } from 'kysely';
import { findCurrency } from '../currencies.js';
import { formatUnits, trimZeros } from '../money/decimal.js';
import type { Risk } from '../wire/common-models.js';
import { wireTime } from '../wire/timestamp.js';
import type { CoinWithdrawal } from './coin-withdrawal.schemas.js';
import type { MerchantCoinWithdrawalsTable } from './tables.js';

export type CoinWithdrawalRow = Omit<Selectable<MerchantCoinWithdrawalsTable>, 'seq'>;

/** Stored amounts carry their currency's full precision; the wire trims them ("0.0", "10.17"). */
const amount = (text: string) => trimZeros(text);

/**
 * A row as Cryptopay's CoinWithdrawal (CRYPTOPAY-API.md §2.6), exactly what GET answers and what
 * callbacks carry. The docs-only `description` field is not emitted: the SDK models have none
 * (§7 row 10, models win).
 */
export function coinWithdrawalObject(row: CoinWithdrawalRow): CoinWithdrawal {
  const chargedPrecision = findCurrency(row.charged_currency)?.precision ?? 0;
  return {
    id: row.id,
    custom_id: row.custom_id,
    customer_id: row.customer_id,
    address: row.address,
    network: row.network,
    txid: row.txid,
    status: row.status,
    charged_amount: amount(row.charged_amount),
    charged_currency: row.charged_currency,
    received_amount: amount(row.received_amount),
    received_currency: row.received_currency,
    network_fee: amount(row.network_fee),
    network_fee_level: row.network_fee_level,
    fee: amount(row.fee),
    fee_currency: row.fee_currency,
    // The sandbox's whole charge is `fee`; the exchange's cost is the spread in the sell rate.
    exchange:
      row.exchange_rate === null
        ? null
        : {
            pair: `${row.received_currency}${row.charged_currency}`,
            rate: row.exchange_rate,
            fee: trimZeros(formatUnits(0n, chargedPrecision)),
            fee_currency: row.charged_currency,
          },
    risk: JSON.parse(row.risk) as Risk,
    created_at: wireTime(row.created_at),
  };
}
