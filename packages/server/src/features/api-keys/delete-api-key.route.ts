import { tx } from '../../platform/db/tx.js';
import type { AppContext } from '../../platform/context.js';
import { notFound } from '../../platform/http/errors.js';
import { idParams, type ZodApp } from '../../platform/http/zod-app.js';
import { actorOf } from '../users/index.js';
import { tags } from './api-keys.schemas.js';
import { deleteApiKey } from './api-key-store.js';
import { API_KEY_CHANGED } from './key-change-notice.js';

export function deleteApiKeyRoute(app: ZodApp, ctx: AppContext) {
  app.delete(
    '/api-keys/:id',
    {
      schema: {
        tags,
        summary: 'Delete an API key; requests signed with it fail from that moment',
        params: idParams,
      },
      config: { access: 'integration' },
    },
    async (request, reply) => {
      const { accountId, actor, ip } = actorOf(request);
      const apiKey = await tx(ctx, async (t) => {
        const deleted = await deleteApiKey(t.db, accountId, request.params.id);
        if (deleted === null) return null;
        await t.audit({ accountId, actor, action: 'api_key.deleted', target: deleted, ip });
        // Delivered to every instance when this transaction commits, not before.
        await t.broadcast(API_KEY_CHANGED, deleted);
        return deleted;
      });
      // Another account's key is as absent as a key that never existed.
      if (apiKey === null) throw notFound('API key');
      return reply.code(204).send();
    },
  );
}
