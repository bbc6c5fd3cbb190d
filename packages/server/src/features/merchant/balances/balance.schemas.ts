import { z } from 'zod';
import { noNul, NUL_MESSAGE } from '../../../platform/http/zod-app.js';
import { ACCOUNT_CURRENCIES } from '../currencies.js';
import { decimal, risk, RISK_LEVELS } from '../wire/common-models.js';
import { merchantPageQuery, pagedList } from '../wire/list.js';
import { REFERENCE_TYPES } from './ledger-store.js';
import { parseTimeSpan } from './time-bounds.js';

/**
 * Cryptopay's Account (CRYPTOPAY-API.md §2.12): one per currency of the project. `id` is a
 * v4-shaped UUID, `project_id` the Signet account's id (also a UUID).
 */
export const currencyAccount = z.object({
  id: z.string(),
  currency: z.string(),
  balance: decimal,
  project_id: z.string(),
});
export const currencyAccountListResponse = pagedList(currencyAccount);

/**
 * Cryptopay's Transaction (§2.13): one movement of a currency account. `amount` is signed
 * (negative = debit), `balance` the account's balance right after it; `fee`/`fee_currency` and
 * `risk` are optional in the models and present as null here when absent (§1.5). Amounts are
 * written as the wire writes them, without trailing zeros (`"-100.0"`, `"104.47"`).
 */
export const accountTransaction = z.object({
  id: z.string(),
  custom_id: z.string().nullable(),
  customer_id: z.string().nullable(),
  amount: decimal,
  currency: z.string(),
  balance: decimal,
  fee: decimal.nullable(),
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

/** ISO 8601, e.g. `2021-10-14`, `2021-10-14T10:51:57+00:00`, `2021-10-14T10:51:57.123Z`. */
const isoTime = z
  .string()
  .max(40, 'must be at most 40 characters')
  .refine((v) => parseTimeSpan(v) !== null, {
    message: 'must be an ISO 8601 date or time, e.g. 2021-10-14T10:51:57+00:00',
    params: { code: 'invalid_format', args: { format: 'iso8601' } },
  });

/**
 * `GET /api/transactions`'s filters (§2.13), all optional and all applied: enum filters answer
 * `must_be_included_in` with the allowed list; `status` is free text (it is the status of
 * whichever object the movement refers to, §2.13), so an unknown one simply matches nothing.
 */
export const transactionListQuery = merchantPageQuery.extend({
  created_at_from: isoTime.optional(),
  created_at_to: isoTime.optional(),
  reference_type: z.enum(REFERENCE_TYPES).optional(),
  currency: z.enum(ACCOUNT_CURRENCIES as [string, ...string[]]).optional(),
  status: z.string().min(1).max(40, 'must be at most 40 characters').refine(noNul, NUL_MESSAGE).optional(),
  risk_level: z.enum(RISK_LEVELS).optional(),
});

export type CurrencyAccount = z.infer<typeof currencyAccount>;
export type AccountTransaction = z.infer<typeof accountTransaction>;
export type CurrencyAccountList = z.infer<typeof currencyAccountListResponse>;
export type AccountTransactionList = z.infer<typeof accountTransactionListResponse>;
export type TransactionListQuery = z.output<typeof transactionListQuery>;
