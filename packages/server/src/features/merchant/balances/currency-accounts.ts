import { createHash } from 'node:crypto';
import { ACCOUNT_CURRENCIES } from '../currencies.js';

/**
 * Every merchant has one sandbox account per supported currency. Their ids are derived (a
 * name-based UUID of merchant and currency) rather than stored, so they exist from signup on
 * without a write and are stable across restarts and instances.
 */
export function currencyAccountId(merchantAccountId: string, currency: string): string {
  const hex = createHash('sha256')
    .update(`signet.currency-account:${merchantAccountId}:${currency}`)
    .digest('hex');
  // Shaped as a version-4 UUID (variant 10): client validators written for Cryptopay's ids accept
  // only v4, and hash bits are as unpredictable as random ones.
  const variant = ((parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export interface CurrencyAccount {
  id: string;
  currency: string;
}

export function currencyAccounts(merchantAccountId: string): CurrencyAccount[] {
  return ACCOUNT_CURRENCIES.map((currency) => ({
    id: currencyAccountId(merchantAccountId, currency),
    currency,
  }));
}

export function findCurrencyAccount(merchantAccountId: string, id: string): CurrencyAccount | undefined {
  return currencyAccounts(merchantAccountId).find((a) => a.id === id);
}
