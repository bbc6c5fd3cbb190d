import type { MerchantResource } from '../resource.js';
import { listAccountTransactionsRoute } from './list-account-transactions.route.js';
import { listAccountsRoute } from './list-accounts.route.js';
import { listTransactionsRoute } from './list-transactions.route.js';
import { ledgerMigration } from './ledger.migration.js';

/** Cryptopay's accounts (one per currency), their transactions, all transactions, and the ledger under them. */
export const balancesResource: MerchantResource = {
  routes: [listAccountsRoute, listAccountTransactionsRoute, listTransactionsRoute],
  migrations: { '016_merchant_ledger': ledgerMigration },
};
