import type { Feature } from '../../platform/feature.js';
import { keyAuthPlugin } from './auth-runtime.js';

/**
 * HMAC request authentication (PROTOCOL.md §1) for every scope that admits API keys: the key
 * cache and usage recording (decorated as `app.keyAuth`) and the authenticating scope
 * (`merchantApi`). It contributes no routes of its own; register it before the features that do.
 */
export const merchantAuthFeature: Feature = { name: 'merchant-auth', plugin: keyAuthPlugin };

export { merchantApi, merchantKeyOf, MERCHANT_PREFIX, repeatedSignedHeader } from './merchant-api.js';
export type { AuthenticatedKey, MerchantRoutes } from './merchant-api.js';
export type { KeyAuth } from './auth-runtime.js';
