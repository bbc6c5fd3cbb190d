import type { Generated } from 'kysely';
import type { NetworkFeeLevel } from './network-fees.js';
import type { CoinWithdrawalStatus } from './withdrawal-state.js';

/** Migration 019_coin_withdrawals. Amounts are decimal strings at their currency's precision. */
export interface MerchantCoinWithdrawalsTable {
  seq: Generated<number>;
  id: string;
  account_id: string;
  custom_id: string | null;
  customer_id: string | null;
  address: string;
  network: string;
  txid: string | null;
  status: CoinWithdrawalStatus;
  charged_amount: string;
  charged_currency: string;
  received_amount: string;
  received_currency: string;
  network_fee: string;
  network_fee_level: NetworkFeeLevel;
  fee: string;
  fee_currency: string;
  /** Charged currency per received coin; null when both currencies are the same. */
  exchange_rate: string | null;
  /** JSON of a Risk. */
  risk: string;
  /** JSON of the travel-rule Beneficiary, stored only when travel_rule_compliant was true. */
  beneficiary: string | null;
  created_at: string;
  /** When it was committed (its creation time with force_commit); null while `new`. */
  committed_at: string | null;
  updated_at: string;
}

declare module '../../../platform/db/database.js' {
  interface Database {
    merchant_coin_withdrawals: MerchantCoinWithdrawalsTable;
  }
}
