import type { AppContext } from '../../../platform/context.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import { allRates } from './rate-table.js';

export function listRatesRoute(app: ZodApp, _ctx: AppContext) {
  app.get(
    '/rates',
    {
      schema: { tags: ['merchant: rates'], summary: 'All sandbox exchange rates, keyed BASE/QUOTE' },
      config: { permission: 'public' },
    },
    async () => ({ data: allRates() }),
  );
}
