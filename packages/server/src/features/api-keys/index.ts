import type { Feature } from '../../platform/feature.js';
import { apiKeySecretContext } from './api-key-store.js';
import { apiKeysMigration } from './api-keys.migration.js';
import { createApiKeyRoute } from './create-api-key.route.js';
import { deleteApiKeyRoute } from './delete-api-key.route.js';
import { listApiKeysRoute } from './list-api-keys.route.js';
import { listPermissionsRoute } from './list-permissions.route.js';
import './tables.js';

/** Integration > API keys in the dashboard: the permission catalogue, list, create, delete. */
export const apiKeysFeature: Feature = {
  name: 'api-keys',
  migrations: { '002_api_keys': apiKeysMigration },
  sealedColumns: [
    {
      table: 'api_keys',
      idColumn: 'id',
      ciphertextColumn: 'secret_enc',
      keyIdColumn: 'secret_key_id',
      context: apiKeySecretContext,
    },
  ],
  dashboardRoutes: [listPermissionsRoute, listApiKeysRoute, createApiKeyRoute, deleteApiKeyRoute],
};

// For the features that build on this one.
export { findKeyForAuth, recordKeyUsage } from './api-key-store.js';
export type { KeyUsage } from './api-key-store.js';
export { buildWhitelist, ipAllowed } from './ip-whitelist.js';
export { API_KEY_CHANGED } from './key-change-notice.js';
export { isWellFormedApiKey } from './key-material.js';
export { apiKeySecretContext } from './api-key-store.js';
export { newApiKey, newApiSecret } from './key-material.js';
