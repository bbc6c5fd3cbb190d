import { z } from 'zod';
import type { AppContext } from '../../../platform/context.js';
import { notFound } from '../../../platform/http/errors.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import { coinLogoSvg } from './coin-service.js';
import { coinLogoParams } from './coin.schemas.js';

/**
 * Signet's own (not Cryptopay's): the image a coin's `logo_url` names. Public, like an image on a
 * CDN, so an `<img>` tag can load it; an unknown currency is a 404.
 */
export function coinLogoRoute(app: ZodApp, _ctx: AppContext) {
  app.get(
    '/coins/:currency/logo.svg',
    {
      schema: {
        params: coinLogoParams,
        tags: ['merchant: coins'],
        summary: "A coin's logo (SVG), as logo_url names it",
        // A string payload is sent as it is (an image/svg+xml document), never JSON-encoded.
        response: { 200: z.string().describe('image/svg+xml') },
      },
      config: { permission: 'public' },
    },
    async (request, reply) => {
      const svg = coinLogoSvg(request.params.currency.toUpperCase());
      if (svg === null) throw notFound('coin');
      return reply.type('image/svg+xml').send(svg);
    },
  );
}
