import type { Feature } from '../../platform/feature.js';
import { merchantMigration } from './merchant.migration.js';
import './tables.js';
import { merchantApi, type MerchantRoutes } from '../merchant-auth/index.js';
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

/** The merchant API resources (PROTOCOL.md §4), registered inside the authenticated `/api` scope. */
export const merchantRoutes: MerchantRoutes[] = [
  listRatesRoute,
  getRateRoute,
  listCoinsRoute,
  listAccountsRoute,
  listAccountTransactionsRoute,
  createInvoiceRoute,
  listInvoicesRoute,
  getInvoiceByCustomIdRoute,
  getInvoiceRoute,
];

/** Sandbox merchant resources under `/api`, and the dashboard's sandbox invoice tools. */
export const merchantFeature: Feature = {
  name: 'merchant',
  migrations: { '003_merchant': merchantMigration },
  dashboardRoutes: [sandboxInvoiceRoutes],
  plugin: (ctx) => merchantApi(ctx, merchantRoutes),
};

export { getInvoice } from './invoices/invoice-service.js';
