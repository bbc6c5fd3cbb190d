import type { Feature } from '../../platform/feature.js';
import { keyAuthPlugin } from './auth-runtime.js';
import { verifyRoute } from './verify.route.js';

/**
 * HMAC request authentication (PROTOCOL.md §1) for every scope that admits API keys: the key
 * cache and usage recording (decorated as `app.keyAuth`), the authentication core
 * (`authenticate`, wrapped for Fastify by `keyAuthHook`) and the sandbox's scope (`merchantApi`).
 * Its one route is the platform's `POST /platform/v1/verify`, the same decision over values sent
 * by a platform that checks requests itself. Register it before the features that admit keys.
 */
export const merchantAuthFeature: Feature = {
  name: 'merchant-auth',
  plugin: keyAuthPlugin,
  platformRoutes: [verifyRoute],
};

export { merchantApi, keyAuthOf } from './merchant-api.js';
export type { MerchantRoutes } from './merchant-api.js';
export {
  authenticate,
  authenticatedKeyOf,
  keyAuthHook,
  refusalError,
  repeatedSignedHeader,
} from './authenticate.js';
export type {
  AuthDecision,
  AuthenticatedKey,
  AuthRefusal,
  AuthRequest,
  RefusalReason,
} from './authenticate.js';
export { PUBLIC, type RequiredPermission } from './authorize-key.js';
export type { KeyAuth } from './auth-runtime.js';
