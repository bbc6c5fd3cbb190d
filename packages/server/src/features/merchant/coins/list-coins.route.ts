import type { AppContext } from '../../../platform/context.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import { COINS } from '../currencies.js';

export function listCoinsRoute(app: ZodApp, _ctx: AppContext) {
  app.get(
    '/coins',
    {
      schema: { tags: ['merchant: coins'], summary: 'Coins invoices can be paid in, with their networks' },
      config: { permission: 'coins:read' },
    },
    async () => ({
      data: COINS.map((c) => ({
        currency: c.currency,
        name: c.name,
        precision: c.precision,
        networks: c.networks.map((n) => ({ ...n, invoices_available: true })),
      })),
      meta: { total: COINS.length },
    }),
  );
}
