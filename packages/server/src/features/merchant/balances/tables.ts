/**
 * The columns migration 016_merchant_ledger added to `merchant_transactions` (../tables.ts has
 * the rest). Nullable in the schema because older rows predate them; the store always writes them.
 */
export interface LedgerExtensionColumns {
  /** Signed decimal string: the currency account's balance right after this movement. */
  balance: string | null;
  fee: string | null;
  fee_currency: string | null;
  custom_id: string | null;
  customer_id: string | null;
  /** The referenced object's status (kept current by its service), null where Cryptopay has none. */
  status: string | null;
  status_context: string | null;
  /** JSON of a Risk, or null. */
  risk: string | null;
}
