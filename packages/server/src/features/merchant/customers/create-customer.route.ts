import type { AppContext } from '../../../platform/context.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import { merchantAccountId } from '../merchant-request.js';
import { createCustomer } from './customer-service.js';
import { createCustomerBody, customerResponse } from './customers.schemas.js';

export function createCustomerRoute(app: ZodApp, ctx: AppContext) {
  app.post(
    '/customers',
    {
      schema: {
        body: createCustomerBody,
        tags: ['merchant: customers'],
        summary: 'Create a customer under your own id, with refund addresses',
        response: { 201: customerResponse },
      },
      config: { permission: 'customers:write' },
    },
    async (request, reply) => {
      const customer = await createCustomer(ctx, merchantAccountId(request), request.body);
      return reply.code(201).send({ data: customer });
    },
  );
}
