import type { AppContext } from '../../../platform/context.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import { listCoins } from './coin-service.js';
import { coinListResponse } from './coin.schemas.js';

/** Where the coin's logo is served (coin-logo.route.ts), under the sandbox's public URL. */
export const coinLogoUrl = (ctx: AppContext, currency: string) =>
  `${ctx.config.publicUrl}${ctx.config.apis.cryptopaySandbox.mount}/coins/${currency}/logo.svg`;

export function listCoinsRoute(app: ZodApp, ctx: AppContext) {
  app.get(
    '/coins',
    {
      schema: {
        tags: ['merchant: coins'],
        summary: 'The coins and their networks, with what each network may be used for',
        response: { 200: coinListResponse },
      },
      config: { permission: 'coins:read' },
    },
    async () => listCoins((currency) => coinLogoUrl(ctx, currency)),
  );
}
