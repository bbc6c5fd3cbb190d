/**
 * The Cryptopay sandbox's permission catalogue (API.md): what its routes require. It is in force
 * while the sandbox is enabled; a gateway's ids come from the config file instead.
 */
export const CRYPTOPAY_PERMISSIONS = [
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

export type CryptopayPermission = (typeof CRYPTOPAY_PERMISSIONS)[number]['id'];
