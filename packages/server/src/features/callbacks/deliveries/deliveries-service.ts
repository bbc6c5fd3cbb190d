import type { AppContext } from '../../../platform/context.js';
import { keysetPage, type PageRequest } from '../../../platform/db/paginate.js';
import { tx } from '../../../platform/db/tx.js';
import { fieldError, notFound } from '../../../platform/http/errors.js';
import type { DashboardActor } from '../../users/index.js';
import { findCallbackUrl } from '../settings/callback-settings-store.js';
import { enqueueCallback } from '../outbox/enqueue.js';
import { wakeWorkersAfterCommit } from '../outbox/wake.js';
import type { CallbackListView } from '../callbacks.schemas.js';
import type { CallbackStatus } from '../tables.js';
import { callbackSeq, listAttempts, listCallbackRows, restartDelivery } from './deliveries-store.js';

/** The account's delivery history, newest first, each callback with its attempts. */
export async function listCallbacks(
  ctx: AppContext,
  accountId: string,
  filter: PageRequest & { status?: CallbackStatus | undefined },
): Promise<CallbackListView> {
  const db = ctx.db.kysely;
  const page = await keysetPage(
    filter,
    (cursor) => callbackSeq(db, accountId, cursor),
    (before, limit) => listCallbackRows(db, accountId, filter.status, before, limit),
  );
  if (!page) throw fieldError('querystring.starting_after', 'is not a callback of this account');
  const attempts = await listAttempts(
    db,
    page.rows.map((r) => r.id),
  );
  const byCallback = new Map<string, CallbackListView['data'][number]['attempts']>();
  for (const { callback_id, ...attempt } of attempts)
    byCallback.set(callback_id, [...(byCallback.get(callback_id) ?? []), attempt]);
  return {
    data: page.rows.map((r) => ({ ...r, attempts: byCallback.get(r.id) ?? [] })),
    meta: { has_more: page.hasMore },
  };
}

/** A new retry cycle for one callback, at once; the same event id, so receivers de-duplicate. */
export async function resendCallback(ctx: AppContext, who: DashboardActor, id: string): Promise<void> {
  const found = await tx(ctx, async (t) => {
    if (!(await restartDelivery(t.db, who.accountId, id, t.now.toISOString()))) return false;
    await t.audit({ ...who, action: 'callback.resent', target: id });
    wakeWorkersAfterCommit(ctx, t);
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
