import type { MerchantResource } from '../resource.js';
import { commitExchangeTransferRoute } from './commit-exchange-transfer.route.js';
import { createExchangeTransferRoute } from './create-exchange-transfer.route.js';
import { exchangeTransfersMigration } from './exchange-transfers.migration.js';
import { getExchangeTransferRoute } from './get-exchange-transfer.route.js';
import './tables.js';

/**
 * Exchange transfers (CRYPTOPAY-API.md §2.8, §3.5): conversions between the merchant's currency
 * accounts, quoted and committed or forced. No list or by-custom_id endpoint exists, and no
 * callbacks (§4.2), so there is nothing to simulate or trigger.
 */
export const exchangeTransfersResource: MerchantResource = {
  routes: [createExchangeTransferRoute, commitExchangeTransferRoute, getExchangeTransferRoute],
  migrations: { '021_exchange_transfers': exchangeTransfersMigration },
};
