import type { MerchantResource } from '../resource.js';
import { coinWithdrawalSimulator, coinWithdrawalTriggers } from './coin-withdrawal-simulators.js';
import { coinWithdrawalsMigration } from './coin-withdrawal.migration.js';
import { commitCoinWithdrawalRoute } from './commit-coin-withdrawal.route.js';
import { createCoinWithdrawalRoute } from './create-coin-withdrawal.route.js';
import { getCoinWithdrawalByCustomIdRoute } from './get-coin-withdrawal-by-custom-id.route.js';
import { getCoinWithdrawalRoute } from './get-coin-withdrawal.route.js';
import { listCoinWithdrawalsRoute } from './list-coin-withdrawals.route.js';
import { listNetworkFeesRoute } from './list-network-fees.route.js';
import { sandboxCoinWithdrawalRoutes } from './sandbox-coin-withdrawals.routes.js';

/** Coin withdrawals (payouts) and their network fees, CRYPTOPAY-API.md §2.6 and §3.3. */
export const coinWithdrawalsResource: MerchantResource = {
  routes: [
    createCoinWithdrawalRoute,
    commitCoinWithdrawalRoute,
    listCoinWithdrawalsRoute,
    listNetworkFeesRoute,
    getCoinWithdrawalByCustomIdRoute,
    getCoinWithdrawalRoute,
  ],
  migrations: { '019_coin_withdrawals': coinWithdrawalsMigration },
  dashboardRoutes: [sandboxCoinWithdrawalRoutes],
  simulators: [coinWithdrawalSimulator],
  triggers: coinWithdrawalTriggers,
};
