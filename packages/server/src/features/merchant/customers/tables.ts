import type { Generated } from 'kysely';

/** The table of migration 020_customers. */
export interface MerchantCustomersTable {
  seq: Generated<number>;
  account_id: string;
  /** The merchant's own reference (any text, not a UUID): the customer's id in paths. */
  id: string;
  currency: string;
  /** JSON array of `{address, currency, network}`, in the order the merchant gave them. */
  addresses: string;
  /** Not on the wire (the Customer model has no timestamps); kept for the record. */
  created_at: string;
  updated_at: string;
}

declare module '../../../platform/db/database.js' {
  interface Database {
    merchant_customers: MerchantCustomersTable;
  }
}
