import type { AppContext } from '../../../platform/context.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import { merchantAccountId } from '../merchant-request.js';
import { commitExchangeTransfer } from './exchange-transfer-service.js';
import { exchangeTransferParams, exchangeTransferResponse } from './exchange-transfer.schemas.js';

/** Sent with no body (the SDKs sign an empty body line). */
export function commitExchangeTransferRoute(app: ZodApp, ctx: AppContext) {
  app.post(
    '/exchange_transfers/:exchange_transfer_id/commit',
    {
      schema: {
        params: exchangeTransferParams,
        tags: ['merchant: exchange transfers'],
        summary: 'Execute a quoted exchange transfer (within 30 s of creating it)',
        response: { 200: exchangeTransferResponse },
      },
      config: { permission: 'exchange_transfers:write' },
    },
    async (request) => ({
      data: await commitExchangeTransfer(
        ctx,
        merchantAccountId(request),
        request.params.exchange_transfer_id,
      ),
    }),
  );
}
