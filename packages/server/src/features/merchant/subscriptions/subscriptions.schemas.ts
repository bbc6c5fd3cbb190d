import { z } from 'zod';
import { noNul, NUL_MESSAGE } from '../../../platform/http/zod-app.js';
import { decimal } from '../wire/common-models.js';
import { pagedList, single } from '../wire/list.js';
import { WIRE_TIME_PATTERN } from '../wire/timestamp.js';
import { SUBSCRIPTION_PERIODS } from './subscription-periods.js';
import { SUBSCRIPTION_STATUSES } from './subscription-states.js';

/**
 * Subscriptions on the wire (CRYPTOPAY-API.md §2.9). The request body ignores unknown fields
 * (stripped), as Cryptopay does; `null` on an optional field means "not given". The rules that
 * need the catalogue or the clock (currency, amount precision, starts_at ≥ now + 3 days) are the
 * service's (subscription-terms.ts), so all of them are reported together.
 */

const text = (max: number) =>
  z
    .string({ error: 'must be a string' })
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine(noNul, NUL_MESSAGE);

const optionalText = (max: number) =>
  text(max)
    .nullish()
    .transform((v) => v ?? undefined);

const redirectUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
  .max(2048, 'must be at most 2048 characters')
  .refine(noNul, NUL_MESSAGE)
  .nullish()
  .transform((v) => v ?? undefined);

/** The longest a period step may be (100 years at most), so every date stays representable [I]. */
export const MAX_PERIOD_QUANTITY = 100;

export const createSubscriptionBody = z.object({
  name: text(255),
  /** A decimal string (`"10"`, `"9.99"`); a bare JSON number is accepted too (§1.5). */
  amount: z.union([z.string().trim().max(40, 'is too long'), z.number()], {
    error: 'must be a decimal string or number, e.g. "10.00"',
  }),
  currency: z
    .string({ error: 'must be a currency code such as EUR or BTC' })
    .trim()
    .min(1, 'must not be empty')
    .max(10, 'must be a currency code such as EUR or BTC')
    .toUpperCase(),
  period: z.enum(SUBSCRIPTION_PERIODS),
  /** An integer; the docs' own example sends the string `"1"` (§7 row 15), so digits are accepted. */
  period_quantity: z
    .union(
      [
        z.number(),
        z
          .string()
          .trim()
          .regex(/^\d{1,6}$/),
      ],
      { error: 'must be a whole number such as 1' },
    )
    .transform((v) => Number(v))
    .pipe(
      z
        .number()
        .int('must be a whole number such as 1')
        .min(1, 'must be greater than or equal to 1')
        .max(MAX_PERIOD_QUANTITY, `must be less than or equal to ${MAX_PERIOD_QUANTITY}`),
    ),
  starts_at: z.iso.datetime({
    offset: true,
    error: 'must be a timestamp such as 2024-05-01T10:00:00+00:00',
  }),
  payer_email: z
    .email({ error: 'must be a valid e-mail address' })
    .max(254, 'must be at most 254 characters'),
  payer_name: optionalText(255),
  custom_id: optionalText(100),
  product_name: optionalText(255),
  product_description: optionalText(1000),
  success_redirect_url: redirectUrl,
  unsuccess_redirect_url: redirectUrl,
});

const wireTime = z.string().regex(WIRE_TIME_PATTERN);

/** The Subscription model, every field (§2.9); nullable fields are present as null. */
export const subscription = z.object({
  id: z.string(),
  status: z.enum(SUBSCRIPTION_STATUSES),
  custom_id: z.string().nullable(),
  name: z.string(),
  amount: decimal,
  currency: z.string(),
  period: z.enum(SUBSCRIPTION_PERIODS),
  period_quantity: z.number().int(),
  current_period_starts_at: wireTime,
  current_period_ends_at: wireTime,
  current_period_paid: z.boolean(),
  payer_email: z.string(),
  payer_name: z.string().nullable(),
  product_name: z.string().nullable(),
  product_description: z.string().nullable(),
  success_redirect_url: z.string().nullable(),
  unsuccess_redirect_url: z.string().nullable(),
  created_at: wireTime,
  cancelled_at: wireTime.nullable(),
});

export const subscriptionResponse = single(subscription);
export const subscriptionListResponse = pagedList(subscription);

// ── dashboard sandbox tools ──

export const SUBSCRIPTION_SIMULATIONS = ['paid', 'cancelled'] as const;
export type SubscriptionSimulation = (typeof SUBSCRIPTION_SIMULATIONS)[number];

/** `paid`: the payer pays the next period's bill; `cancelled`: the subscription ends now. */
export const simulateSubscriptionBody = z.object({ status: z.enum(SUBSCRIPTION_SIMULATIONS) });

export type Subscription = z.infer<typeof subscription>;
export type SubscriptionList = z.infer<typeof subscriptionListResponse>;
export type CreateSubscriptionBody = z.input<typeof createSubscriptionBody>;
export type CreateSubscriptionInput = z.output<typeof createSubscriptionBody>;
export type SimulateSubscriptionBody = z.input<typeof simulateSubscriptionBody>;
