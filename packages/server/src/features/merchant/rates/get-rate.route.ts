import { z } from 'zod';
import type { AppContext } from '../../../platform/context.js';
import { notFound } from '../../../platform/http/errors.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import { findRate } from './rate-table.js';

const params = z.object({ base: z.string().max(20), quote: z.string().max(20) });

export function getRateRoute(app: ZodApp, _ctx: AppContext) {
  app.get(
    '/rates/:base/:quote',
    {
      schema: { params, tags: ['merchant: rates'], summary: 'One sandbox exchange rate' },
      config: { permission: 'public' },
    },
    async (request) => {
      const { base, quote } = request.params;
      const rate = findRate(base.toUpperCase(), quote.toUpperCase());
      if (!rate) throw notFound(`rate ${base}/${quote}`);
      return { data: rate };
    },
  );
}
