import type { AppContext } from '../../../platform/context.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import { merchantAccountId } from '../merchant-request.js';
import { createExchangeTransfer } from './exchange-transfer-service.js';
import { createExchangeTransferBody, exchangeTransferResponse } from './exchange-transfer.schemas.js';

export function createExchangeTransferRoute(app: ZodApp, ctx: AppContext) {
  app.post(
    '/exchange_transfers',
    {
      schema: {
        body: createExchangeTransferBody,
        tags: ['merchant: exchange transfers'],
        summary: 'Quote a conversion between two of your currencies (force_commit: execute it at once)',
        response: { 201: exchangeTransferResponse },
      },
      config: { permission: 'exchange_transfers:write' },
    },
    async (request, reply) => {
      const transfer = await createExchangeTransfer(ctx, merchantAccountId(request), request.body);
      return reply.code(201).send({ data: transfer });
    },
  );
}
