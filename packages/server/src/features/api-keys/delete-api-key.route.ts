import { z } from 'zod';
import type { AppContext } from '../../platform/context.js';
import { idParams, type ZodApp } from '../../platform/http/zod-app.js';
import { actorOf } from '../users/index.js';
import { deleteKey } from './api-key-service.js';
import { tags } from './api-keys.schemas.js';

export function deleteApiKeyRoute(app: ZodApp, ctx: AppContext) {
  app.delete(
    '/api-keys/:id',
    {
      schema: {
        tags,
        summary: 'Delete an API key; requests signed with it fail from that moment',
        params: idParams,
        response: { 204: z.null() },
      },
      config: { access: 'integration', stepUp: true },
    },
    async (request, reply) => {
      await deleteKey(ctx, actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
}
