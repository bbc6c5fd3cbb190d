import type { Permission } from '../api-keys/index.js';
import { ipAllowed } from '../api-keys/index.js';
import type { CachedKey } from './key-cache.js';

/** What a merchant route requires: a permission, or nothing (`public`, e.g. rates). */
export type MerchantPermission = Permission | 'public';

export type DenialReason = 'ip_not_allowed' | 'account_not_active' | 'permission_denied';

/**
 * After the signature checks out: may this key make this request? The whitelist comes first so a
 * caller outside it learns nothing about the account or the key's permissions.
 * On a public route a key that is presented must still be usable (whitelist, active account).
 */
export function authorizeKey(key: CachedKey, ip: string, required: MerchantPermission): DenialReason | null {
  if (!ipAllowed(key.whitelist, ip)) return 'ip_not_allowed';
  if (key.accountStatus !== 'active') return 'account_not_active';
  if (required !== 'public' && !key.permissions.has(required)) return 'permission_denied';
  return null;
}
