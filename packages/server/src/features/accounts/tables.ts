import type { AccountStatus } from '../../core/access/roles.js';

export { ACCOUNT_STATUSES, type AccountStatus } from '../../core/access/roles.js';

export interface AccountsTable {
  id: string;
  name: string;
  status: AccountStatus;
  callback_url: string | null;
  callback_secret_enc: string;
  callback_secret_key_id: string;
  created_at: string;
  updated_at: string;
}

declare module '../../platform/db/database.js' {
  interface Database {
    accounts: AccountsTable;
  }
}
