import { recordAudit } from '../audit/audit-log.js';
import type { AppContext } from '../context.js';
import { notFound } from '../http/errors.js';
import { idParams, type ZodApp } from '../http/zod-app.js';
import { actorOf } from '../users/actor.js';
import { tags } from './api-key-schemas.js';
import { deleteApiKey } from './api-key-store.js';
import { announceKeyChange, publishKeyChange } from './key-change-notice.js';

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
      const apiKey = await ctx.db.kysely.transaction().execute(async (trx) => {
        const deleted = await deleteApiKey(trx, accountId, request.params.id);
        if (deleted === null) return null;
        await recordAudit(
          trx,
          { accountId, actor, action: 'api_key.deleted', target: deleted, ip },
          ctx.now(),
        );
        // Delivered to every instance when this transaction commits, not before.
        await announceKeyChange(ctx, trx, { apiKey: deleted });
        return deleted;
      });
      // Another account's key is as absent as a key that never existed.
      if (apiKey === null) throw notFound('API key');
      publishKeyChange(ctx, { apiKey });
      return reply.code(204).send();
    },
  );
}
