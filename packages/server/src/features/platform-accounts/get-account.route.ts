import type { AppContext } from '../../platform/context.js';
import { idParams, type ZodApp } from '../../platform/http/zod-app.js';
import { getPlatformAccount, getPlatformAccountByExternalId } from './platform-account-service.js';
import { externalIdParams, platformAccountTags, platformAccountView } from './platform-accounts.schemas.js';

export function getAccountRoute(app: ZodApp, ctx: AppContext) {
  app.get(
    '/accounts/:id',
    {
      schema: {
        params: idParams,
        tags: platformAccountTags,
        summary: 'One account',
        response: { 200: platformAccountView },
      },
      config: { scope: 'accounts:read' },
    },
    async (request) => getPlatformAccount(ctx, request.params.id),
  );
}

export function getAccountByExternalIdRoute(app: ZodApp, ctx: AppContext) {
  app.get(
    '/accounts/by-external-id/:external_id',
    {
      schema: {
        params: externalIdParams,
        tags: platformAccountTags,
        summary: 'One account, by the platform’s own id for it',
        response: { 200: platformAccountView },
      },
      config: { scope: 'accounts:read' },
    },
    async (request) => getPlatformAccountByExternalId(ctx, request.params.external_id),
  );
}
