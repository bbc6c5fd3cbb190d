/**
 * Benchmark-only routes (SIGNET_BENCH_ROUTES=true; never in a normal deployment): the unauthenticated
 * baseline `npm run bench` compares the signed merchant API against. `GET /bench/invoices/:id`
 * runs the same service function as `GET /api/invoices/:id`, for the account named in the
 * `X-Bench-Account` header, so the only difference between the two is request authentication.
 */
import type { Feature } from '../feature.js';
import { notFound } from '../http/errors.js';
import { idParams, type ZodApp } from '../http/zod-app.js';
import { getInvoice } from '../merchant/invoices/invoice-service.js';

export const benchFeature: Feature = {
  name: 'bench',
  plugin: (ctx) => async (app) => {
    if (!ctx.config.benchRoutes) return;
    const zapp = app as unknown as ZodApp;
    zapp.get('/bench/invoices/:id', { schema: { params: idParams, hide: true } }, async (request) => {
      const account = request.headers['x-bench-account'];
      if (typeof account !== 'string') throw notFound('account');
      return { data: await getInvoice(ctx, account, request.params.id) };
    });
  },
};
