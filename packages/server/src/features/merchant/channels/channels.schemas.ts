import { z } from 'zod';
import { currencyField as currency } from '../wire/request-fields.js';
import { lookupText, noNul, NUL_MESSAGE } from '../../../platform/http/zod-app.js';
import { decimal, exchange, risk } from '../wire/common-models.js';
import { uuid } from '../wire/ids.js';
import { merchantPageQuery, pagedList, single } from '../wire/list.js';
import { WIRE_TIME_PATTERN } from '../wire/timestamp.js';
import {
  CHANNEL_PAYMENT_STATUS_CONTEXTS,
  CHANNEL_PAYMENT_STATUSES,
  CHANNEL_PAYMENT_TARGETS,
  CHANNEL_STATUSES,
} from './channel-states.js';

/**
 * Channels and channel payments on the wire (CRYPTOPAY-API.md §2.4, §2.5). Request bodies ignore
 * unknown fields (stripped), as Cryptopay does: on PATCH that includes the fields a channel keeps
 * for life (`pay_currency`, `receiver_currency`, `network`, `custom_id`).
 */

const text = (max: number) =>
  z
    .string({ error: 'must be a string' })
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine(noNul, NUL_MESSAGE);

/** Optional on create: `null` means "not given" (some SDKs serialise every field). */
const optionalText = (max: number) =>
  text(max)
    .nullish()
    .transform((v) => v ?? undefined);

export const createChannelBody = z.object({
  name: text(255),
  pay_currency: currency,
  receiver_currency: currency,
  description: optionalText(1000),
  network: text(40)
    .toLowerCase()
    .nullish()
    .transform((v) => v ?? undefined),
  custom_id: optionalText(100),
  customer_id: optionalText(100),
});

/**
 * PATCH semantics: an absent field is left alone; `null` clears a nullable field (`description`,
 * `customer_id`) and is ignored on the others (`name`, `status` can never be empty).
 */
export const updateChannelBody = z.object({
  name: optionalText(255),
  description: text(1000).nullable().optional(),
  status: z
    .enum(CHANNEL_STATUSES)
    .nullish()
    .transform((v) => v ?? undefined),
  customer_id: text(100).nullable().optional(),
});

/** `GET /api/channels`: the common paging plus the customer filter. */
export const channelListQuery = merchantPageQuery.extend({ customer_id: lookupText(100).optional() });

/** The Channel model, every field (no created_at: the model has none). */
export const channel = z.object({
  id: z.string(),
  status: z.enum(CHANNEL_STATUSES),
  name: z.string(),
  description: z.string().nullable(),
  pay_currency: z.string(),
  receiver_currency: z.string(),
  address: z.string(),
  network: z.string(),
  project_id: z.string(),
  custom_id: z.string().nullable(),
  customer_id: z.string().nullable(),
  uri: z.string(),
  hosted_page_url: z.string(),
});

/** The ChannelPayment model, every field; `exchange` is null when nothing was converted. */
export const channelPayment = z.object({
  id: z.string(),
  channel_id: z.string(),
  paid_amount: decimal,
  paid_currency: z.string(),
  received_amount: decimal,
  received_currency: z.string(),
  fee: decimal,
  fee_currency: z.string(),
  txid: z.string(),
  exchange: exchange.nullable(),
  risk: risk.nullable(),
  status: z.enum(CHANNEL_PAYMENT_STATUSES),
  status_context: z.enum(CHANNEL_PAYMENT_STATUS_CONTEXTS).nullable(),
  refund_address: z.string().nullable(),
  coin_withdrawal_id: z.string().nullable(),
  custom_id: z.string().nullable(),
  customer_id: z.string().nullable(),
  address: z.string(),
  network: z.string(),
  created_at: z.string().regex(WIRE_TIME_PATTERN),
});

export const channelResponse = single(channel);
export const channelListResponse = pagedList(channel);
export const channelPaymentResponse = single(channelPayment);
export const channelPaymentListResponse = pagedList(channelPayment);

export const channelPaymentParams = z.object({ channel_id: uuid(), channel_payment_id: uuid() });

// ── dashboard sandbox tools ──

/** An incoming payment to a channel's address: `amount` in the pay currency. */
export const incomingChannelPaymentBody = z.object({
  amount: z.union([z.string().trim().max(40, 'is too long'), z.number()], {
    error: 'must be a decimal string or number, e.g. "0.01"',
  }),
  /** 0 leaves the payment pending; one or more confirms it. */
  confirmations: z.number().int().min(0).max(1000).default(1),
  /** Screen the sender as illicit: the payment is held (illicit_resource), its risk high. */
  illicit: z.boolean().default(false),
});

/** A later move of a payment; `status_context` only for on_hold, `refund_address` for refunded. */
export const simulateChannelPaymentBody = z.object({
  status: z.enum(CHANNEL_PAYMENT_TARGETS, {
    error: `must be one of: ${CHANNEL_PAYMENT_TARGETS.join(', ')}`,
  }),
  status_context: z.string().max(40, 'must be at most 40 characters').nullish(),
  refund_address: text(120).nullish(),
});

export type Channel = z.infer<typeof channel>;
export type ChannelPayment = z.infer<typeof channelPayment>;
export type ChannelList = z.infer<typeof channelListResponse>;
export type ChannelPaymentList = z.infer<typeof channelPaymentListResponse>;
export type CreateChannelBody = z.input<typeof createChannelBody>;
export type CreateChannelInput = z.output<typeof createChannelBody>;
export type UpdateChannelBody = z.input<typeof updateChannelBody>;
export type UpdateChannelInput = z.output<typeof updateChannelBody>;
export type ChannelListQuery = z.output<typeof channelListQuery>;
export type IncomingChannelPaymentBody = z.input<typeof incomingChannelPaymentBody>;
export type IncomingChannelPayment = z.output<typeof incomingChannelPaymentBody>;
export type SimulateChannelPaymentBody = z.input<typeof simulateChannelPaymentBody>;
export type SimulateChannelPayment = z.output<typeof simulateChannelPaymentBody>;
