import { z } from 'zod';
import { tx } from '../../../platform/db/tx.js';
import type { AppContext } from '../../../platform/context.js';
import { fieldError, notFound } from '../../../platform/http/errors.js';
import { idParams, pageQuery, type ZodApp } from '../../../platform/http/zod-app.js';
import { sessionOf } from '../../sessions/index.js';
import { actorOf } from '../../users/index.js';
import { enqueueCallback } from '../outbox/enqueue.js';
import { CALLBACKS_ENQUEUED } from '../outbox/wake.js';
import { listCallbackViews } from './callback-view.js';

const listQuery = pageQuery.extend({
  status: z.enum(['pending', 'delivered', 'failed', 'not_sent']).optional(),
});
const tags = ['callbacks'];

export function callbackHistoryRoutes(app: ZodApp, ctx: AppContext) {
  app.get(
    '/callbacks',
    {
      schema: { querystring: listQuery, tags, summary: 'Delivery history, newest first' },
      config: { access: 'integration' },
    },
    async (request) => {
      const { status, limit, starting_after } = request.query;
      const page = await listCallbackViews(ctx, sessionOf(request).account.id, {
        status,
        limit,
        startingAfter: starting_after,
      });
      if (!page) throw fieldError('querystring.starting_after', 'is not a callback of this account');
      return { data: page.data, meta: { has_more: page.hasMore } };
    },
  );

  app.post(
    '/callbacks/:id/resend',
    {
      schema: { params: idParams, tags, summary: 'Send a callback again now (a new retry cycle)' },
      config: { access: 'integration' },
    },
    async (request, reply) => {
      const { accountId, actor, ip } = actorOf(request);
      const found = await tx(ctx, async (t) => {
        const res = await t.db
          .updateTable('callbacks')
          .set({
            status: 'pending',
            next_attempt_at: ctx.now().toISOString(),
            cycle_failures: 0,
            lease_owner: null,
            lease_until: null,
          })
          .where('id', '=', request.params.id)
          .where('account_id', '=', accountId)
          .executeTakeFirst();
        if (Number(res.numUpdatedRows) !== 1) return false;
        await t.audit({ accountId, actor, action: 'callback.resent', target: request.params.id, ip });
        t.afterCommit(() => ctx.signals.emit(CALLBACKS_ENQUEUED, ''));
        return true;
      });
      if (!found) throw notFound('callback');
      return reply.code(202).send({ id: request.params.id, status: 'pending' });
    },
  );

  app.post(
    '/callbacks/test',
    {
      schema: { tags, summary: 'Send a signed test callback to the current URL' },
      config: { access: 'integration' },
    },
    async (request, reply) => {
      const { accountId, actor, ip } = actorOf(request);
      const id = await tx(ctx, async (t) => {
        const account = await t.db
          .selectFrom('accounts')
          .select('callback_url')
          .where('id', '=', accountId)
          .executeTakeFirstOrThrow();
        if (!account.callback_url)
          throw fieldError('callback_url', 'set a callback URL before sending a test callback');
        const callbackId = await enqueueCallback(ctx, t, {
          accountId,
          type: 'Test',
          event: 'test',
          data: {
            message: 'This is a test callback from Signet',
            account_id: accountId,
            sent_at: ctx.now().toISOString(),
          },
        });
        await t.audit({ accountId, actor, action: 'callback.test_sent', target: callbackId, ip });
        return callbackId;
      });
      return reply.code(202).send({ id, status: 'pending' });
    },
  );
}
