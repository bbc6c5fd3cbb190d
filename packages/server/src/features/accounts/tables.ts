export const ACCOUNT_STATUSES = ['pending', 'active', 'suspended'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

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
