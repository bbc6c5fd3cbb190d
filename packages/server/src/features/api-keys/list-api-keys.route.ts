import type { AppContext } from '../../platform/context.js';
import type { ZodApp } from '../../platform/http/zod-app.js';
import { sessionOf } from '../sessions/index.js';
import { listKeys } from './api-key-service.js';
import { apiKeyList, apiKeyListQuery, tags } from './api-keys.schemas.js';

export function listApiKeysRoute(app: ZodApp, ctx: AppContext) {
  app.get(
    '/api-keys',
    {
      schema: {
        tags,
        querystring: apiKeyListQuery,
        summary: "The account's API keys (never their secrets), newest first",
        response: { 200: apiKeyList },
      },
      config: { access: 'integration' },
    },
    async (request) => listKeys(ctx, sessionOf(request).account.id, request.query),
  );
}
