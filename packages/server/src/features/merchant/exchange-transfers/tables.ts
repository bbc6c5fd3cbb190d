import type { Generated } from 'kysely';
import type { ExchangeTransferState } from './exchange-transfer-state.js';

/** The table of migration 021_exchange_transfers. Decimals and times are text, as everywhere. */
export interface MerchantExchangeTransfersTable {
  seq: Generated<number>;
  id: string;
  account_id: string;
  custom_id: string | null;
  /** Amounts at their currency's full precision; the wire trims them. */
  charged_amount: string;
  charged_currency: string;
  received_amount: string;
  received_currency: string;
  /** The `exchange` object: the pair (`BTCEUR`), its rate, the fee (charged currency). */
  pair: string;
  rate: string;
  fee: string;
  fee_currency: string;
  /** Internal (the model has none): quote or executed, see exchange-transfer-state.ts. */
  status: ExchangeTransferState;
  /** Internal too (the model has no created_at): the commit window runs from it. */
  created_at: string;
  committed_at: string | null;
}

declare module '../../../platform/db/database.js' {
  interface Database {
    merchant_exchange_transfers: MerchantExchangeTransfersTable;
  }
}
