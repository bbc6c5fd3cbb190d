import type { AppContext } from '../../platform/context.js';
import type { ZodApp } from '../../platform/http/zod-app.js';
import { sessionOf } from '../sessions/index.js';
import { actorOf } from '../users/index.js';
import { createKey } from './api-key-service.js';
import { createApiKeyBody, createdApiKey, tags } from './api-keys.schemas.js';

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
      config: { access: 'integration', stepUp: true },
    },
    async (request, reply) => {
      const who = { ...actorOf(request), email: sessionOf(request).user.email };
      return reply.code(201).send(await createKey(ctx, who, request.body));
    },
  );
}
