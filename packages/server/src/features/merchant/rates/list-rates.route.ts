import type { AppContext } from '../../../platform/context.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import { listRates } from './rate-service.js';
import { ratesResponse } from './rate.schemas.js';

export function listRatesRoute(app: ZodApp, _ctx: AppContext) {
  app.get(
    '/rates',
    {
      schema: {
        tags: ['merchant: rates'],
        summary: 'All sandbox exchange rates, each pair keyed both BASEQUOTE and BASE/QUOTE',
        response: { 200: ratesResponse },
      },
      config: { permission: 'public' },
    },
    async () => ({ data: listRates() }),
  );
}
