/** The platform's own id for an account it provisioned (`external_id`), unique across accounts. */
export interface AccountExternalIdsTable {
  account_id: string;
  external_id: string;
}

declare module '../../platform/db/database.js' {
  interface Database {
    account_external_ids: AccountExternalIdsTable;
  }
}
