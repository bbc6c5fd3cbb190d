import type { Feature } from '../../platform/feature.js';
import { merchantApi, type MerchantRoutes } from '../merchant-auth/index.js';
import { merchantMigration } from './merchant.migration.js';
import { CRYPTOPAY_PERMISSIONS } from './permissions.js';
import './tables.js';
import { listAccountTransactionsRoute } from './balances/list-account-transactions.route.js';
import { listAccountsRoute } from './balances/list-accounts.route.js';
import { listCoinsRoute } from './coins/list-coins.route.js';
import { createInvoiceRoute } from './invoices/create-invoice.route.js';
import { getInvoiceByCustomIdRoute } from './invoices/get-invoice-by-custom-id.route.js';
import { getInvoiceRoute } from './invoices/get-invoice.route.js';
import { listInvoicesRoute } from './invoices/list-invoices.route.js';
import { getRateRoute } from './rates/get-rate.route.js';
import { listRatesRoute } from './rates/list-rates.route.js';
import { sandboxInvoiceRoutes } from './sandbox/sandbox-invoices.routes.js';

/**
 * The merchant API resources (PROTOCOL.md §4), registered inside the authenticated `/api` scope.
 * Each resource is a folder beside this file; this list (and `migrations` below) is the only
 * place a new one is registered (the router prefers literal segments to parameters, so order
 * does not matter).
 */
export const merchantRoutes: MerchantRoutes[] = [
  // rates/
  listRatesRoute,
  getRateRoute,
  // coins/
  listCoinsRoute,
  // balances/ (Cryptopay's "accounts")
  listAccountsRoute,
  listAccountTransactionsRoute,
  // invoices/
  createInvoiceRoute,
  listInvoicesRoute,
  getInvoiceByCustomIdRoute,
  getInvoiceRoute,
];

/**
 * The Cryptopay sandbox: merchant resources at `cryptopay_sandbox.mount` (`/api` by default) and
 * the dashboard's sandbox invoice tools. A config can turn it off; its tables stay (no migration
 * depends on the config).
 */
export const merchantFeature: Feature = {
  name: 'merchant',
  // Names are global across features (`NNN_<name>`, applied in name order); append, never rename.
  // 003_merchant created the invoice and ledger tables (invoices/, balances/).
  migrations: { '003_merchant': merchantMigration },
  dashboardRoutes: [sandboxInvoiceRoutes],
  permissions: (config) =>
    config.apis.cryptopaySandbox.enabled
      ? { source: 'the Cryptopay sandbox', entries: CRYPTOPAY_PERMISSIONS }
      : null,
  plugin: (ctx) =>
    ctx.config.apis.cryptopaySandbox.enabled ? merchantApi(ctx, merchantRoutes) : async () => {},
};

export { getInvoice } from './invoices/invoice-service.js';
export { CRYPTOPAY_PERMISSIONS, type CryptopayPermission } from './permissions.js';
