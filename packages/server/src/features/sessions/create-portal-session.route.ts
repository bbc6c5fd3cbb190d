import type { AppContext } from '../../platform/context.js';
import { idParams, type ZodApp } from '../../platform/http/zod-app.js';
import { platformActorOf } from '../platform/index.js';
import { createPortalSession } from './portal-service.js';
import { portalSessionBody, portalSessionView } from './sessions.schemas.js';

/** `POST /platform/v1/accounts/{id}/portal-sessions` (scope `portal`). */
export function createPortalSessionRoute(app: ZodApp, ctx: AppContext) {
  app.post(
    '/accounts/:id/portal-sessions',
    {
      schema: {
        params: idParams,
        body: portalSessionBody,
        tags: ['platform'],
        summary: "Open a one-time link into the account's dashboard for a person",
        description:
          'The link (valid 5 minutes, single use) logs the person in and lands on Integration > API. ' +
          'It creates the user with the role on first use; an existing member of the account keeps ' +
          'their role. 409 when the e-mail belongs to another account, or when the role is root and ' +
          'the account already has its Root.',
        response: { 201: portalSessionView },
      },
      config: { scope: 'portal' },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await createPortalSession(
            ctx,
            { actor: platformActorOf(request), ip: request.ip },
            request.params.id,
            request.body,
          ),
        ),
  );
}
