import type { Executor } from '../../platform/db/database.js';

/**
 * The order key an audit cursor names: entry ids are the key itself, so a well-formed id needs no
 * lookup (entries are never deleted, and the account filter keeps other accounts' ids harmless).
 * Null when the cursor cannot be an entry id.
 */
export function auditCursor(cursor: string): number | null {
  return /^\d{1,15}$/.test(cursor) ? Number(cursor) : null;
}

/** Up to `limit` of the account's entries, newest first, below id `before` when given. */
export async function listAuditRows(
  db: Executor,
  accountId: string,
  before: number | undefined,
  limit: number,
) {
  let query = db
    .selectFrom('audit_log')
    .select(['id', 'at', 'actor', 'action', 'target', 'ip'])
    .where('account_id', '=', accountId)
    .orderBy('id', 'desc')
    .limit(limit);
  if (before !== undefined) query = query.where('id', '<', before);
  return query.execute();
}
