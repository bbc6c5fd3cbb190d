// The server the benchmarks measure: exactly what `signet serve` runs (the public entry's
// createSignetContext/createSignetServer), plus one feature injected from the bench's side —
// production code has no benchmark switch. `GET /bench/invoices/:id` runs the same service call as
// `GET /api/invoices/:id` for the account named in X-Bench-Account, without authentication, so
// the two differ only by request authentication.
import {
  createSignetContext,
  createSignetServer,
  getInvoice,
  idParams,
  loadConfig,
  notFound,
} from './server-entry.mjs';

const benchFeature = {
  name: 'bench',
  plugin: (ctx) => async (app) => {
    app.get('/bench/invoices/:id', { schema: { params: idParams, hide: true } }, async (request) => {
      const account = request.headers['x-bench-account'];
      if (typeof account !== 'string') throw notFound('account');
      return { data: await getInvoice(ctx, account, request.params.id) };
    });
  },
};

const config = loadConfig();
const ctx = await createSignetContext(config);
const app = await createSignetServer(ctx, {
  startBackground: config.runWorker,
  extraFeatures: [benchFeature],
});
const shutdown = async () => {
  await app.close();
  process.exit(0);
};
process.on('SIGTERM', () => void shutdown());
process.on('SIGINT', () => void shutdown());
await app.listen({ port: config.port, host: config.host });
