import type { AppContext } from '../../platform/context.js';
import { keysetPage, type Page, type PageRequest } from '../../platform/db/paginate.js';
import type { AuditEntryView } from './audit.schemas.js';

/** One account's audit log, newest first; null when the cursor is not an entry id. */
export async function listAuditEntries(
  ctx: AppContext,
  accountId: string,
  page: PageRequest,
): Promise<Page<AuditEntryView> | null> {
  const result = await keysetPage(
    page,
    async (cursor) => (/^\d{1,15}$/.test(cursor) ? Number(cursor) : null),
    (before, limit) => {
      let query = ctx.db.kysely
        .selectFrom('audit_log')
        .select(['id', 'at', 'actor', 'action', 'target', 'ip'])
        .where('account_id', '=', accountId)
        .orderBy('id', 'desc')
        .limit(limit);
      if (before !== undefined) query = query.where('id', '<', before);
      return query.execute();
    },
  );
  return result && { ...result, rows: result.rows.map((r) => ({ ...r, id: String(r.id) })) };
}
