import type { AppContext } from '../../../platform/context.js';
import { isUniqueViolation } from '../../../platform/db/errors.js';
import { tx } from '../../../platform/db/tx.js';
import { ApiError, fieldError, notFound, validationFailed } from '../../../platform/http/errors.js';
import { checkCustomerAddresses, checkCustomerCurrency } from './customer-rules.js';
import {
  addressesOf,
  findCustomerRow,
  insertCustomerRow,
  listCustomerRows,
  updateCustomerRow,
  type CustomerRow,
} from './customer-store.js';
import type {
  Customer,
  CustomerList,
  CustomerListQuery,
  CreateCustomerInput,
  UpdateCustomerInput,
} from './customers.schemas.js';

/** The row as the merchant API shows it: the Customer model has exactly these fields. */
const customerObject = (row: CustomerRow): Customer => ({
  id: row.id,
  currency: row.currency,
  addresses: addressesOf(row),
});

/**
 * A second customer with an id the account already uses. The id is the merchant's reference, so
 * this is Cryptopay's reuse-of-a-reference answer: 409 `duplicate_custom_id` (Cryptopay does not
 * document the customer case [I]).
 */
const duplicateCustomer = () =>
  new ApiError(
    409,
    'conflict',
    'a customer with this id already exists',
    [{ field: 'id', message: 'is already used by another customer' }],
    {},
    { code: 'duplicate_custom_id', message: 'duplicate custom id' },
  );

/** Creates a customer; no callback exists for customers (CRYPTOPAY-API.md §4.2). */
export async function createCustomer(
  ctx: AppContext,
  accountId: string,
  input: CreateCustomerInput,
): Promise<Customer> {
  const issues = [...checkCustomerCurrency(input.currency), ...checkCustomerAddresses(input.addresses)];
  if (issues.length > 0) throw validationFailed(issues);
  const now = ctx.now().toISOString();
  const row: CustomerRow = {
    account_id: accountId,
    id: input.id,
    currency: input.currency,
    addresses: JSON.stringify(input.addresses),
    created_at: now,
    updated_at: now,
  };
  try {
    await tx(ctx, (t) => insertCustomerRow(t.db, row));
  } catch (err) {
    // Caught outside the transaction: on PostgreSQL the failed insert has aborted it.
    if (isUniqueViolation(err)) throw duplicateCustomer();
    throw err;
  }
  return customerObject(row);
}

export async function getCustomer(ctx: AppContext, accountId: string, id: string): Promise<Customer> {
  const row = await findCustomerRow(ctx.db.kysely, accountId, id);
  if (!row) throw notFound('customer');
  return customerObject(row);
}

/** An unknown cursor (another account's customer included) is a 422 on `starting_after`. */
export async function listCustomers(
  ctx: AppContext,
  accountId: string,
  query: CustomerListQuery,
): Promise<CustomerList> {
  const found = await listCustomerRows(ctx.db.kysely, accountId, query);
  if (!found)
    throw fieldError('querystring.starting_after', 'must be the id of a customer in this list', 'not_found');
  return { data: found.rows.map(customerObject), meta: { total: found.total, has_more: found.hasMore } };
}

/**
 * Changes the currency and/or replaces the refund addresses; the id never changes (an `id` in the
 * body is ignored). An empty patch answers the customer unchanged. No callback.
 */
export async function updateCustomer(
  ctx: AppContext,
  accountId: string,
  id: string,
  input: UpdateCustomerInput,
): Promise<Customer> {
  const issues = [
    ...(input.currency !== undefined ? checkCustomerCurrency(input.currency) : []),
    ...(input.addresses !== undefined ? checkCustomerAddresses(input.addresses) : []),
  ];
  if (issues.length > 0) throw validationFailed(issues);
  const patch = {
    ...(input.currency !== undefined ? { currency: input.currency } : {}),
    ...(input.addresses !== undefined ? { addresses: JSON.stringify(input.addresses) } : {}),
    updated_at: ctx.now().toISOString(),
  };
  const row = await tx(ctx, (t) => updateCustomerRow(t.db, accountId, id, patch));
  if (!row) throw notFound('customer');
  return customerObject(row);
}
