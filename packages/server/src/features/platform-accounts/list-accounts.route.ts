import type { AppContext } from '../../platform/context.js';
import { pageQuery, type ZodApp } from '../../platform/http/zod-app.js';
import { listPlatformAccounts } from './platform-account-service.js';
import { platformAccountList, platformAccountTags } from './platform-accounts.schemas.js';

export function listAccountsRoute(app: ZodApp, ctx: AppContext) {
  app.get(
    '/accounts',
    {
      schema: {
        querystring: pageQuery,
        tags: platformAccountTags,
        summary: 'Accounts, newest first',
        response: { 200: platformAccountList },
      },
      config: { scope: 'accounts:read' },
    },
    async (request) => listPlatformAccounts(ctx, request.query),
  );
}
