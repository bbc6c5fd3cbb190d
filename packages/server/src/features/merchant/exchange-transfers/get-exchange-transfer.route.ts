import type { AppContext } from '../../../platform/context.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import { merchantAccountId } from '../merchant-request.js';
import { getExchangeTransfer } from './exchange-transfer-service.js';
import { exchangeTransferParams, exchangeTransferResponse } from './exchange-transfer.schemas.js';

export function getExchangeTransferRoute(app: ZodApp, ctx: AppContext) {
  app.get(
    '/exchange_transfers/:exchange_transfer_id',
    {
      schema: {
        params: exchangeTransferParams,
        tags: ['merchant: exchange transfers'],
        summary: 'One exchange transfer',
        response: { 200: exchangeTransferResponse },
      },
      config: { permission: 'exchange_transfers:read' },
    },
    async (request) => ({
      data: await getExchangeTransfer(ctx, merchantAccountId(request), request.params.exchange_transfer_id),
    }),
  );
}
