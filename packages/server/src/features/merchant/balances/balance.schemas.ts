import { z } from 'zod';

/** One sandbox currency account of the merchant ("accounts" in Cryptopay's API), with its balance. */
export const currencyAccount = z.object({ id: z.string(), currency: z.string(), balance: z.string() });
export const currencyAccountListResponse = z.object({
  data: z.array(currencyAccount),
  meta: z.object({ total: z.number().int() }),
});

/** A movement of a currency account; `amount` is a signed decimal string. */
export const accountTransaction = z.object({
  id: z.string(),
  amount: z.string(),
  currency: z.string(),
  status: z.string(),
  reference_type: z.string(),
  reference_id: z.string(),
  description: z.string(),
  created_at: z.string(),
});
export const accountTransactionListResponse = z.object({
  data: z.array(accountTransaction),
  meta: z.object({ has_more: z.boolean() }),
});

export type CurrencyAccount = z.infer<typeof currencyAccount>;
export type AccountTransaction = z.infer<typeof accountTransaction>;
export type CurrencyAccountList = z.infer<typeof currencyAccountListResponse>;
export type AccountTransactionList = z.infer<typeof accountTransactionListResponse>;
