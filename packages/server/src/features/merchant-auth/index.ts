import type { Feature } from '../../platform/feature.js';
import { keyAuthPlugin } from './auth-runtime.js';

/**
 * HMAC request authentication (PROTOCOL.md §1) for every scope that admits API keys: the key
 * cache and usage recording (decorated as `app.keyAuth`), the authentication core
 * (`keyAuthHook`) and the sandbox's scope (`merchantApi`). It contributes no routes of its own;
 * register it before the features that do.
 */
export const merchantAuthFeature: Feature = { name: 'merchant-auth', plugin: keyAuthPlugin };

export { merchantApi, keyAuthOf } from './merchant-api.js';
export type { MerchantRoutes } from './merchant-api.js';
export { authenticatedKeyOf, keyAuthHook, repeatedSignedHeader } from './authenticate.js';
export type { AuthenticatedKey } from './authenticate.js';
export { PUBLIC, type RequiredPermission } from './authorize-key.js';
export type { KeyAuth } from './auth-runtime.js';
