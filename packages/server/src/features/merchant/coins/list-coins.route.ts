import type { AppContext } from '../../../platform/context.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import { listCoins } from './coin-service.js';
import { coinListResponse } from './coin.schemas.js';

export function listCoinsRoute(app: ZodApp, _ctx: AppContext) {
  app.get(
    '/coins',
    {
      schema: {
        tags: ['merchant: coins'],
        summary: 'Coins invoices can be paid in, with their networks',
        response: { 200: coinListResponse },
      },
      config: { permission: 'coins:read' },
    },
    async () => listCoins(),
  );
}
