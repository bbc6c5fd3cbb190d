import type { AppContext } from '../../platform/context.js';
import type { ZodApp } from '../../platform/http/zod-app.js';
import { apiList, type ApiList } from './gateway.schemas.js';

export function listApisRoute(app: ZodApp, ctx: AppContext) {
  const { gateways, cryptopaySandbox } = ctx.config.apis;
  const base = ctx.config.publicUrl;
  const list: ApiList = {
    data: [
      ...(cryptopaySandbox.enabled
        ? [
            {
              name: 'cryptopay',
              kind: 'cryptopay_sandbox' as const,
              mount: cryptopaySandbox.mount,
              base_url: base + cryptopaySandbox.mount,
            },
          ]
        : []),
      ...gateways.map((g) => ({
        name: g.name,
        kind: 'gateway' as const,
        mount: g.mount,
        base_url: base + g.mount,
      })),
    ],
  };
  app.get(
    '/apis',
    {
      schema: {
        tags: ['integration'],
        summary: 'The APIs keys are used with, and their base URLs',
        response: { 200: apiList },
      },
      config: { access: 'integration' },
    },
    async () => list,
  );
}
