import type { Feature } from '../../platform/feature.js';
import { activateAccountRoute, suspendAccountRoute } from './change-account-status.route.js';
import { createAccountRoute } from './create-account.route.js';
import { getAccountByExternalIdRoute, getAccountRoute } from './get-account.route.js';
import { listAccountsRoute } from './list-accounts.route.js';
import { platformAccountsMigration } from './platform-accounts.migration.js';
import './tables.js';

/**
 * Account provisioning over the platform API (`/platform/v1/accounts…`): create (with an external
 * id and the Root's invitation), read, activate, suspend. A feature of its own rather than part of
 * `platform`, so the platform feature imports no other feature and every feature can build on it
 * (this one imports accounts, which imports sessions and users).
 */
export const platformAccountsFeature: Feature = {
  name: 'platform-accounts',
  migrations: { '006_platform_accounts': platformAccountsMigration },
  platformRoutes: [
    createAccountRoute,
    listAccountsRoute,
    // Before /accounts/:id, for readers; the router prefers the static segment either way.
    getAccountByExternalIdRoute,
    getAccountRoute,
    activateAccountRoute,
    suspendAccountRoute,
  ],
};
