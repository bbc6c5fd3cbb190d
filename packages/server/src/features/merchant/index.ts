import type { Feature } from '../../platform/feature.js';
import { merchantApi, type MerchantRoutes } from '../merchant-auth/index.js';
import { merchantMigration } from './merchant.migration.js';
import { CRYPTOPAY_PERMISSIONS } from './permissions.js';
import './tables.js';
import { balancesResource } from './balances/index.js';
import { channelsResource } from './channels/index.js';
import { coinWithdrawalsResource } from './coin-withdrawals/index.js';
import { coinsResource } from './coins/index.js';
import { customersResource } from './customers/index.js';
import { exchangeTransfersResource } from './exchange-transfers/index.js';
import { invoicesResource } from './invoices/index.js';
import { ratesResource } from './rates/index.js';
import type { MerchantResource } from './resource.js';
import { sandboxCommand } from './simulation/sandbox.cli.js';
import { sandboxSimulationRoutes } from './simulation/sandbox-simulation.routes.js';
import { simulationRegistry } from './simulation/simulation-registry.js';
import { risksResource } from './risks/index.js';
import { subscriptionsResource } from './subscriptions/index.js';

/**
 * The merchant API's resource groups (CRYPTOPAY-API.md §2), each a folder beside this file with
 * one entry file. This list is the only place a resource is registered (the router prefers literal
 * segments to parameters, so order does not matter).
 */
export const merchantResources: MerchantResource[] = [
  ratesResource,
  coinsResource,
  balancesResource,
  invoicesResource,
  channelsResource,
  coinWithdrawalsResource,
  customersResource,
  exchangeTransfersResource,
  subscriptionsResource,
  risksResource,
];

export const merchantRoutes: MerchantRoutes[] = merchantResources.flatMap((r) => r.routes);
export const sandboxRegistry = simulationRegistry(
  merchantResources.flatMap((r) => r.simulators ?? []),
  merchantResources.flatMap((r) => r.triggers ?? []),
);

/**
 * The Cryptopay sandbox: merchant resources at `cryptopay_sandbox.mount` (`/api` by default) and
 * the dashboard's sandbox invoice tools. A config can turn it off; its tables stay (no migration
 * depends on the config).
 */
export const merchantFeature: Feature = {
  name: 'merchant',
  // Names are global across features (`NNN_<name>`, applied in name order); append, never rename.
  // 003_merchant created the invoice and ledger tables (invoices/, balances/).
  migrations: Object.assign(
    { '003_merchant': merchantMigration },
    ...merchantResources.map((r) => r.migrations ?? {}),
  ),
  dashboardRoutes: [
    ...merchantResources.flatMap((r) => r.dashboardRoutes ?? []),
    sandboxSimulationRoutes(sandboxRegistry),
  ],
  commands: (cli) => [sandboxCommand(cli, sandboxRegistry)],
  permissions: (config) =>
    config.apis.cryptopaySandbox.enabled
      ? { source: 'the Cryptopay sandbox', entries: CRYPTOPAY_PERMISSIONS }
      : null,
  plugin: (ctx) =>
    ctx.config.apis.cryptopaySandbox.enabled ? merchantApi(ctx, merchantRoutes) : async () => {},
};

export { getInvoice } from './invoices/invoice-service.js';
export { CRYPTOPAY_PERMISSIONS, type CryptopayPermission } from './permissions.js';
