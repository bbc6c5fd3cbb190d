import { tx } from '../../platform/db/tx.js';
import type { AppContext } from '../../platform/context.js';
import { validationFailed } from '../../platform/http/errors.js';
import type { ZodApp } from '../../platform/http/zod-app.js';
import { sessionOf } from '../sessions/index.js';
import { actorOf } from '../users/index.js';
import { createApiKeyBody, createdApiKey, tags } from './api-keys.schemas.js';
import { insertApiKey } from './api-key-store.js';
import { parseIpWhitelist } from './ip-whitelist.js';
import { API_KEY_CHANGED } from './key-change-notice.js';

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
      const { key, apiSecret } = await tx(ctx, async (t) => {
        const created = await insertApiKey(ctx, t.db, {
          accountId,
          name: request.body.name,
          permissions: request.body.permissions,
          ipWhitelist: whitelist.entries,
          createdBy: sessionOf(request).user.email,
        });
        await t.audit({ accountId, actor, action: 'api_key.created', target: created.key.api_key, ip });
        // Other instances may hold a cached "unknown key" for this id; the key must work at once.
        await t.broadcast(API_KEY_CHANGED, created.key.api_key);
        return created;
      });
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
