import { z } from 'zod';
import { currencyField as currency } from '../wire/request-fields.js';
import { lookupText, noNul, NUL_MESSAGE } from '../../../platform/http/zod-app.js';
import { merchantPageQuery, pagedList, single } from '../wire/list.js';

/**
 * Customers on the wire (CRYPTOPAY-API.md §2.7, the SDK models' form: `addresses` as an array,
 * updated by PATCH — not the older reference's `refund_addresses` object, §7 row 3). Unknown
 * request fields are stripped, as Cryptopay ignores them; on PATCH that includes `id`, which a
 * customer keeps for life. The catalogue checks (currencies, networks, address formats, one
 * address per coin) are customer-rules.ts's, so every failed field is reported at once.
 */

const text = (max: number) =>
  z
    .string({ error: 'must be a string' })
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine(noNul, NUL_MESSAGE);

/** Longer than any address of the catalogue's networks, tag included. */
const ADDRESS_MAX = 200;
/** One address per coin at most; a longer array cannot be valid, so it is refused unread. */
export const MAX_CUSTOMER_ADDRESSES = 20;

export const customerAddressBody = z.object({
  address: text(ADDRESS_MAX),
  currency,
  network: text(40).toLowerCase(),
});

const addressesBody = z
  .array(customerAddressBody, { error: 'must be an array of {address, currency, network}' })
  .max(MAX_CUSTOMER_ADDRESSES, `must have at most ${MAX_CUSTOMER_ADDRESSES} addresses`);

/** The customer's id: the merchant's reference, any text (not a UUID). */
export const CUSTOMER_ID_MAX = 100;

export const createCustomerBody = z.object({
  id: text(CUSTOMER_ID_MAX),
  currency,
  /** Absent or `null`: no refund addresses. */
  addresses: addressesBody.nullish().transform((v) => v ?? []),
});

/**
 * PATCH semantics: an absent (or `null`) field is left alone; `addresses` replaces the whole list
 * (`[]` removes every address).
 */
export const updateCustomerBody = z.object({
  currency: currency.nullish().transform((v) => v ?? undefined),
  addresses: addressesBody.nullish().transform((v) => v ?? undefined),
});

/** `/api/customers/:customer_id`: the merchant's id, so text — a non-UUID is no format error. */
export const customerIdParams = z.object({ customer_id: lookupText(CUSTOMER_ID_MAX) });

/**
 * `GET /api/customers`: the common paging, except that the cursor is a customer id (any text),
 * not a UUID.
 */
export const customerListQuery = merchantPageQuery.extend({
  starting_after: lookupText(CUSTOMER_ID_MAX).optional(),
});

/** A refund address (CustomerAddress, every field required). */
export const customerAddress = z.object({
  address: z.string(),
  currency: z.string(),
  network: z.string(),
});

/** The Customer model, every field: there are no timestamps in it. */
export const customer = z.object({
  id: z.string(),
  currency: z.string(),
  addresses: z.array(customerAddress),
});

export const customerResponse = single(customer);
export const customerListResponse = pagedList(customer);

export type Customer = z.infer<typeof customer>;
export type CustomerAddress = z.infer<typeof customerAddress>;
export type CustomerList = z.infer<typeof customerListResponse>;
export type CreateCustomerBody = z.input<typeof createCustomerBody>;
export type CreateCustomerInput = z.output<typeof createCustomerBody>;
export type UpdateCustomerBody = z.input<typeof updateCustomerBody>;
export type UpdateCustomerInput = z.output<typeof updateCustomerBody>;
export type CustomerListQuery = z.output<typeof customerListQuery>;
