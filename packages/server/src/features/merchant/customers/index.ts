import type { MerchantResource } from '../resource.js';
import { createCustomerRoute } from './create-customer.route.js';
import { customersMigration } from './customers.migration.js';
import { getCustomerRoute } from './get-customer.route.js';
import { listCustomersRoute } from './list-customers.route.js';
import './tables.js';
import { updateCustomerRoute } from './update-customer.route.js';

/**
 * Customers (CRYPTOPAY-API.md §2.7): the merchant's own id, a currency and refund addresses. No
 * callbacks exist for them (§4.2), so there is nothing to simulate or trigger.
 */
export const customersResource: MerchantResource = {
  routes: [createCustomerRoute, listCustomersRoute, getCustomerRoute, updateCustomerRoute],
  migrations: { '020_customers': customersMigration },
};

export { findCustomerRefundAddress } from './customer-store.js';
