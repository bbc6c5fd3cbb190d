import type { AppContext } from '../../../platform/context.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import { merchantAccountId } from '../merchant-request.js';
import { getCustomer } from './customer-service.js';
import { customerIdParams, customerResponse } from './customers.schemas.js';

export function getCustomerRoute(app: ZodApp, ctx: AppContext) {
  app.get(
    '/customers/:customer_id',
    {
      schema: {
        params: customerIdParams,
        tags: ['merchant: customers'],
        summary: 'One customer, by your id',
        response: { 200: customerResponse },
      },
      config: { permission: 'customers:read' },
    },
    async (request) => ({
      data: await getCustomer(ctx, merchantAccountId(request), request.params.customer_id),
    }),
  );
}
