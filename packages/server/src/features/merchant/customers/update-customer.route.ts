import type { AppContext } from '../../../platform/context.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import { merchantAccountId } from '../merchant-request.js';
import { updateCustomer } from './customer-service.js';
import { customerIdParams, customerResponse, updateCustomerBody } from './customers.schemas.js';

export function updateCustomerRoute(app: ZodApp, ctx: AppContext) {
  app.patch(
    '/customers/:customer_id',
    {
      schema: {
        params: customerIdParams,
        body: updateCustomerBody,
        tags: ['merchant: customers'],
        summary: "Change a customer's currency or replace its refund addresses",
        response: { 200: customerResponse },
      },
      config: { permission: 'customers:write' },
    },
    async (request) => ({
      data: await updateCustomer(ctx, merchantAccountId(request), request.params.customer_id, request.body),
    }),
  );
}
