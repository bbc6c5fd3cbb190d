import type { AppContext } from '../../../platform/context.js';
import { tx } from '../../../platform/db/tx.js';
import { fieldError, notFound } from '../../../platform/http/errors.js';
import type { DashboardActor } from '../../users/index.js';
import { findCallbackUrl } from '../settings/callback-settings-store.js';
import { enqueueCallback } from '../outbox/enqueue.js';
import { CALLBACKS_ENQUEUED } from '../outbox/wake.js';
import { restartDelivery } from './deliveries-store.js';
import { listCallbackViews, type CallbackView } from './callback-view.js';
import type { CallbackStatus } from '../tables.js';

export async function listCallbacks(
  ctx: AppContext,
  accountId: string,
  filter: { status?: CallbackStatus | undefined; limit: number; starting_after?: string | undefined },
): Promise<{ data: CallbackView[]; meta: { has_more: boolean } }> {
  const page = await listCallbackViews(ctx, accountId, {
    status: filter.status,
    limit: filter.limit,
    startingAfter: filter.starting_after,
  });
  if (!page) throw fieldError('querystring.starting_after', 'is not a callback of this account');
  return { data: page.data, meta: { has_more: page.hasMore } };
}

/** A new retry cycle for one callback, at once; the same event id, so receivers de-duplicate. */
export async function resendCallback(ctx: AppContext, who: DashboardActor, id: string): Promise<void> {
  const found = await tx(ctx, async (t) => {
    if (!(await restartDelivery(t.db, who.accountId, id, t.now.toISOString()))) return false;
    await t.audit({ ...who, action: 'callback.resent', target: id });
    t.afterCommit(() => ctx.signals.emit(CALLBACKS_ENQUEUED, ''));
    return true;
  });
  if (!found) throw notFound('callback');
}

export async function sendTestCallback(ctx: AppContext, who: DashboardActor): Promise<string> {
  return tx(ctx, async (t) => {
    if (!(await findCallbackUrl(t.db, who.accountId)))
      throw fieldError('callback_url', 'set a callback URL before sending a test callback');
    const callbackId = await enqueueCallback(ctx, t, {
      accountId: who.accountId,
      type: 'Test',
      event: 'test',
      data: {
        message: 'This is a test callback from Signet',
        account_id: who.accountId,
        sent_at: t.now.toISOString(),
      },
    });
    await t.audit({ ...who, action: 'callback.test_sent', target: callbackId });
    return callbackId;
  });
}
