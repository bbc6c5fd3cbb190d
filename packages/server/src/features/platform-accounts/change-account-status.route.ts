import type { AppContext } from '../../platform/context.js';
import { idParams, type ZodApp } from '../../platform/http/zod-app.js';
import { setPlatformAccountStatus } from './platform-account-service.js';
import { platformAccountTags, platformAccountView } from './platform-accounts.schemas.js';
import { platformCallerOf } from './platform-caller.js';

const statusRoute = (verb: 'activate' | 'suspend', status: 'active' | 'suspended', summary: string) =>
  function (app: ZodApp, ctx: AppContext) {
    app.post(
      `/accounts/:id/${verb}`,
      {
        schema: {
          params: idParams,
          tags: platformAccountTags,
          summary,
          response: { 200: platformAccountView },
        },
        config: { scope: 'accounts:write' },
      },
      async (request) => setPlatformAccountStatus(ctx, platformCallerOf(request), request.params.id, status),
    );
  };

export const activateAccountRoute = statusRoute(
  'activate',
  'active',
  'Activate an account (as `signet accounts activate`)',
);
export const suspendAccountRoute = statusRoute(
  'suspend',
  'suspended',
  'Suspend an account: its keys fail the next signed request on every instance',
);
