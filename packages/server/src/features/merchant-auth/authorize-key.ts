import { ipAllowed } from '../api-keys/index.js';
import type { CachedKey } from './key-cache.js';

/**
 * What a route requires: a permission id from the catalogue in force, or `public` (no key needed,
 * but a presented key must be valid, e.g. Cryptopay's rates).
 */
export type RequiredPermission = string;
export const PUBLIC = 'public';

export type DenialReason = 'ip_not_allowed' | 'account_not_active' | 'permission_denied';

/**
 * After the signature checks out: may this key make this request? The whitelist comes first so a
 * caller outside it learns nothing about the account or the key's permissions.
 * On a public route a key that is presented must still be usable (whitelist, active account).
 */
export function authorizeKey(key: CachedKey, ip: string, required: RequiredPermission): DenialReason | null {
  if (!ipAllowed(key.whitelist, ip)) return 'ip_not_allowed';
  if (key.accountStatus !== 'active') return 'account_not_active';
  if (required !== PUBLIC && !key.permissions.has(required)) return 'permission_denied';
  return null;
}
