import { z } from 'zod';
import { risk } from '../wire/common-models.js';
import { pagedList } from '../wire/list.js';
import { REFERENCE_TYPES } from './ledger-store.js';

/** One sandbox currency account of the merchant (Cryptopay's Account, §2.12), with its balance. */
export const currencyAccount = z.object({
  id: z.string(),
  currency: z.string(),
  balance: z.string(),
  project_id: z.string(),
});
export const currencyAccountListResponse = pagedList(currencyAccount);

/** A movement of a currency account (Cryptopay's Transaction, §2.13); `amount` is signed. */
export const accountTransaction = z.object({
  id: z.string(),
  custom_id: z.string().nullable(),
  customer_id: z.string().nullable(),
  amount: z.string(),
  currency: z.string(),
  balance: z.string(),
  fee: z.string().nullable(),
  fee_currency: z.string().nullable(),
  reference_id: z.string(),
  reference_type: z.enum(REFERENCE_TYPES),
  description: z.string().nullable(),
  status: z.string().nullable(),
  status_context: z.string().nullable(),
  risk: risk.nullable(),
  created_at: z.string(),
});
export const accountTransactionListResponse = pagedList(accountTransaction);

export type CurrencyAccount = z.infer<typeof currencyAccount>;
export type AccountTransaction = z.infer<typeof accountTransaction>;
export type CurrencyAccountList = z.infer<typeof currencyAccountListResponse>;
export type AccountTransactionList = z.infer<typeof accountTransactionListResponse>;
