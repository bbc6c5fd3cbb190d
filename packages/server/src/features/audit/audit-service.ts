import type { AppContext } from '../../platform/context.js';
import { keysetPage, type PageRequest } from '../../platform/db/paginate.js';
import { fieldError } from '../../platform/http/errors.js';
import type { AuditLogView } from './audit.schemas.js';
import { auditCursor, listAuditRows } from './audit-store.js';

/** One account's audit log, newest first. */
export async function listAuditLog(
  ctx: AppContext,
  accountId: string,
  page: PageRequest,
): Promise<AuditLogView> {
  const result = await keysetPage(
    page,
    async (cursor) => auditCursor(cursor),
    (before, limit) => listAuditRows(ctx.db.kysely, accountId, before, limit),
  );
  if (!result) throw fieldError('querystring.starting_after', 'must be an audit entry id');
  return {
    data: result.rows.map((r) => ({ ...r, id: String(r.id) })),
    meta: { has_more: result.hasMore },
  };
}
