import { z } from 'zod';
import {
  amountField as amount,
  currencyField as currency,
  flagField as flag,
} from '../wire/request-fields.js';
import { lookupText, noNul, NUL_MESSAGE } from '../../../platform/http/zod-app.js';
import { decimal, exchange, risk } from '../wire/common-models.js';
import { merchantPageQuery, pagedList, plainList, single } from '../wire/list.js';
import { WIRE_TIME_PATTERN } from '../wire/timestamp.js';
import { NETWORK_FEE_LEVELS } from './network-fees.js';
import { COIN_WITHDRAWAL_STATUSES, SIMULATION_TARGETS } from './withdrawal-state.js';

/**
 * The wire objects of `/api/coin_withdrawals` (CRYPTOPAY-API.md §2.6). Unknown request fields are
 * stripped, as Cryptopay ignores them; `null` on an optional field means "not given", since SDKs
 * serialise every field of CoinWithdrawalParams (the unused amounts included).
 */

const optionalText = (max: number) =>
  z
    .string({ error: 'must be a string' })
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine(noNul, NUL_MESSAGE)
    .nullish()
    .transform((v) => v ?? undefined);

export const createCoinWithdrawalBody = z.object({
  address: z
    .string({ error: 'must be a string' })
    .trim()
    .min(1, 'must not be empty')
    .max(200, 'must be at most 200 characters')
    .refine(noNul, NUL_MESSAGE),
  charged_currency: currency,
  received_currency: currency,
  network: optionalText(40).transform((v) => v?.toLowerCase()),
  charged_amount: amount,
  charged_amount_to_send: amount,
  received_amount: amount,
  custom_id: optionalText(100),
  customer_id: optionalText(100),
  network_fee_level: z
    .enum(NETWORK_FEE_LEVELS)
    .nullish()
    .transform((v) => v ?? 'average'),
  force_commit: flag,
  travel_rule_compliant: flag,
  /** Checked by beneficiary.ts when travel_rule_compliant is true, ignored otherwise. */
  beneficiary: z.unknown().optional(),
});

export type CreateCoinWithdrawalBody = z.input<typeof createCoinWithdrawalBody>;
export type CreateCoinWithdrawalInput = z.output<typeof createCoinWithdrawalBody>;

export const coinWithdrawalListQuery = merchantPageQuery.extend({ customer_id: lookupText(100).optional() });
export type CoinWithdrawalListQuery = z.output<typeof coinWithdrawalListQuery>;

export const networkFeesQuery = z.object({
  all_networks: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
});

/** Cryptopay's CoinWithdrawal: every field of the SDK model, nullable ones present as null. */
export const coinWithdrawal = z.object({
  id: z.uuid(),
  custom_id: z.string().nullable(),
  customer_id: z.string().nullable(),
  address: z.string(),
  network: z.string(),
  txid: z.string().nullable(),
  status: z.enum(COIN_WITHDRAWAL_STATUSES),
  charged_amount: decimal,
  charged_currency: z.string(),
  received_amount: decimal,
  received_currency: z.string(),
  network_fee: decimal,
  network_fee_level: z.enum(NETWORK_FEE_LEVELS),
  fee: decimal,
  fee_currency: z.string(),
  /** null when the charged and the received currency are the same (nothing is exchanged). */
  exchange: exchange.nullable(),
  risk: risk.nullable(),
  created_at: z.string().regex(WIRE_TIME_PATTERN),
});

export const coinWithdrawalResponse = single(coinWithdrawal);
export const coinWithdrawalListResponse = pagedList(coinWithdrawal);

/** Cryptopay's NetworkFee: one per level (and per network with `all_networks=true`). */
export const networkFee = z.object({
  level: z.enum(NETWORK_FEE_LEVELS),
  fee: decimal,
  currency: z.string(),
  network: z.string(),
});
export const networkFeeListResponse = plainList(networkFee);

/** The dashboard's "move this withdrawal" request (sandbox only). */
export const simulateCoinWithdrawalBody = z.object({ status: z.enum(SIMULATION_TARGETS) });

export type CoinWithdrawal = z.infer<typeof coinWithdrawal>;
export type CoinWithdrawalList = z.infer<typeof coinWithdrawalListResponse>;
export type NetworkFeeObject = z.infer<typeof networkFee>;
export type NetworkFeeList = z.infer<typeof networkFeeListResponse>;
export type SimulateCoinWithdrawalBody = z.input<typeof simulateCoinWithdrawalBody>;
