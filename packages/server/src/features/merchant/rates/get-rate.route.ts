import type { AppContext } from '../../../platform/context.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import { getRate } from './rate-service.js';
import { rateParams, rateResponse } from './rate.schemas.js';

export function getRateRoute(app: ZodApp, _ctx: AppContext) {
  app.get(
    '/rates/:base/:quote',
    {
      schema: {
        params: rateParams,
        tags: ['merchant: rates'],
        summary: 'One sandbox exchange rate',
        response: { 200: rateResponse },
      },
      config: { permission: 'public' },
    },
    async (request) => ({ data: getRate(request.params.base, request.params.quote) }),
  );
}
