import { z } from 'zod';
import type { AppContext } from '../../platform/context.js';
import type { ZodApp } from '../../platform/http/zod-app.js';
import { sessionOf } from '../sessions/index.js';
import { apiKeyView, tags } from './api-keys.schemas.js';
import { listApiKeys } from './api-key-store.js';

export function listApiKeysRoute(app: ZodApp, ctx: AppContext) {
  app.get(
    '/api-keys',
    {
      schema: {
        tags,
        summary: "The account's API keys (never their secrets)",
        response: { 200: z.object({ data: z.array(apiKeyView) }) },
      },
      config: { access: 'integration' },
    },
    async (request) => ({ data: await listApiKeys(ctx.db.kysely, sessionOf(request).account.id) }),
  );
}
