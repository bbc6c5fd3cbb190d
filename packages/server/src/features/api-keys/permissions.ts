/**
 * The permission catalogue of API.md: what an API key may be granted. Merchant routes declare one
 * of these ids (or 'public'); the dashboard shows the descriptions when a key is created.
 */
export const PERMISSIONS = [
  { id: 'accounts:read', description: 'Read accounts and their balances' },
  { id: 'transactions:read', description: 'Read account transactions' },
  { id: 'invoices:read', description: 'Read invoices' },
  { id: 'invoices:write', description: 'Create invoices, refunds and recalculations' },
  { id: 'channels:read', description: 'Read channels and channel payments' },
  { id: 'channels:write', description: 'Create and update channels' },
  { id: 'coin_withdrawals:read', description: 'Read coin withdrawals' },
  { id: 'coin_withdrawals:write', description: 'Create and commit coin withdrawals' },
  { id: 'customers:read', description: 'Read customers' },
  { id: 'customers:write', description: 'Create and update customers' },
  { id: 'exchange_transfers:read', description: 'Read exchange transfers' },
  { id: 'exchange_transfers:write', description: 'Create and commit exchange transfers' },
  { id: 'subscriptions:read', description: 'Read subscriptions' },
  { id: 'subscriptions:write', description: 'Create and cancel subscriptions' },
  { id: 'coins:read', description: 'Read the supported coins' },
] as const;

export type Permission = (typeof PERMISSIONS)[number]['id'];

export const PERMISSION_IDS: readonly Permission[] = PERMISSIONS.map((p) => p.id);

const known: ReadonlySet<string> = new Set(PERMISSION_IDS);

export function isPermission(value: string): value is Permission {
  return known.has(value);
}
