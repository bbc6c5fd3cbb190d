import type { AppContext } from '../../../platform/context.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import { merchantAccountId } from '../merchant-request.js';
import { listCustomers } from './customer-service.js';
import { customerListQuery, customerListResponse } from './customers.schemas.js';

export function listCustomersRoute(app: ZodApp, ctx: AppContext) {
  app.get(
    '/customers',
    {
      schema: {
        querystring: customerListQuery,
        tags: ['merchant: customers'],
        summary: 'Customers, newest first (the cursor is a customer id)',
        response: { 200: customerListResponse },
      },
      config: { permission: 'customers:read' },
    },
    async (request) => listCustomers(ctx, merchantAccountId(request), request.query),
  );
}
