import type { Feature } from '../feature.js';
import { createApiKeyRoute } from './create-api-key.route.js';
import { deleteApiKeyRoute } from './delete-api-key.route.js';
import { listApiKeysRoute } from './list-api-keys.route.js';
import { listPermissionsRoute } from './list-permissions.route.js';

/** Integration > API keys in the dashboard: the permission catalogue, list, create, delete. */
export const keysFeature: Feature = {
  name: 'api-keys',
  dashboardRoutes: [listPermissionsRoute, listApiKeysRoute, createApiKeyRoute, deleteApiKeyRoute],
};
