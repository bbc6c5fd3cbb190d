import type { AppContext } from '../../../platform/context.js';
import type { CallbackStatus } from '../tables.js';

export interface CallbackView {
  id: string;
  event_id: string;
  type: string;
  event: string;
  url: string | null;
  status: CallbackStatus;
  attempts: {
    at: string;
    http_status: number | null;
    error: string | null;
    duration_ms: number;
    response_excerpt: string | null;
  }[];
  next_attempt_at: string | null;
  created_at: string;
  delivered_at: string | null;
}

/** Callbacks of one account with their attempts, newest first, in two queries whatever the page size. */
export async function listCallbackViews(
  ctx: AppContext,
  accountId: string,
  filter: { status?: CallbackStatus; limit: number; startingAfter?: string },
): Promise<{ data: CallbackView[]; hasMore: boolean } | null> {
  const db = ctx.db.kysely;
  let query = db
    .selectFrom('callbacks')
    .select([
      'seq',
      'id',
      'event_id',
      'type',
      'event',
      'url',
      'status',
      'next_attempt_at',
      'created_at',
      'delivered_at',
    ])
    .where('account_id', '=', accountId)
    .orderBy('seq', 'desc')
    .limit(filter.limit + 1);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.startingAfter) {
    const cursor = await db
      .selectFrom('callbacks')
      .select('seq')
      .where('id', '=', filter.startingAfter)
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    if (!cursor) return null;
    query = query.where('seq', '<', cursor.seq);
  }
  const rows = await query.execute();
  const page = rows.slice(0, filter.limit);
  const attempts = page.length
    ? await db
        .selectFrom('callback_attempts')
        .select(['callback_id', 'at', 'http_status', 'error', 'duration_ms', 'response_excerpt'])
        .where(
          'callback_id',
          'in',
          page.map((r) => r.id),
        )
        .orderBy('callback_id')
        .orderBy('attempt')
        .execute()
    : [];
  const byCallback = new Map<string, typeof attempts>();
  for (const a of attempts) byCallback.set(a.callback_id, [...(byCallback.get(a.callback_id) ?? []), a]);
  return {
    hasMore: rows.length > filter.limit,
    data: page.map(({ seq: _seq, ...r }) => ({
      ...r,
      attempts: (byCallback.get(r.id) ?? []).map(({ callback_id: _c, ...a }) => a),
    })),
  };
}
