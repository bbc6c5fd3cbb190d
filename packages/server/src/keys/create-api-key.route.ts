import { recordAudit } from '../audit/audit-log.js';
import type { AppContext } from '../context.js';
import { validationFailed } from '../http/errors.js';
import type { ZodApp } from '../http/zod-app.js';
import { sessionOf } from '../sessions/access.js';
import { actorOf } from '../users/actor.js';
import { createApiKeyBody, createdApiKey, tags } from './api-key-schemas.js';
import { insertApiKey } from './api-key-store.js';
import { parseIpWhitelist } from './ip-whitelist.js';
import { announceKeyChange, publishKeyChange } from './key-change-notice.js';

export function createApiKeyRoute(app: ZodApp, ctx: AppContext) {
  app.post(
    '/api-keys',
    {
      schema: {
        tags,
        summary: 'Create an API key; the only response that ever holds its secret',
        body: createApiKeyBody,
        response: { 201: createdApiKey },
      },
      config: { access: 'integration' },
    },
    async (request, reply) => {
      const { accountId, actor, ip } = actorOf(request);
      const whitelist = parseIpWhitelist(request.body.ip_whitelist);
      if (!whitelist.ok) throw validationFailed(whitelist.errors);
      const { key, apiSecret } = await ctx.db.kysely.transaction().execute(async (trx) => {
        const created = await insertApiKey(ctx, trx, {
          accountId,
          name: request.body.name,
          permissions: request.body.permissions,
          ipWhitelist: whitelist.entries,
          createdBy: sessionOf(request).user.email,
        });
        await recordAudit(
          trx,
          { accountId, actor, action: 'api_key.created', target: created.key.api_key, ip },
          ctx.now(),
        );
        // Other instances may hold a cached "unknown key" for this id; the key must work at once.
        await announceKeyChange(ctx, trx, { apiKey: created.key.api_key });
        return created;
      });
      publishKeyChange(ctx, { apiKey: key.api_key });
      return reply.code(201).send({
        id: key.id,
        api_key: key.api_key,
        api_secret: apiSecret,
        name: key.name,
        permissions: key.permissions,
        ip_whitelist: key.ip_whitelist,
        created_at: key.created_at,
      });
    },
  );
}
