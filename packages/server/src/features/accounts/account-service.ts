import type { Actor } from '../../platform/audit/audit-log.js';
import type { AppContext } from '../../platform/context.js';
import { tx } from '../../platform/db/tx.js';
import { findAccount, setAccountStatus } from './account-store.js';
import type { AccountStatus } from './tables.js';

/**
 * Broadcast when an account's status commits, with the account id as payload: whoever caches
 * anything that depends on the status (the merchant API's key cache) forgets that account, in
 * this process at once and on every other instance sharing PostgreSQL at commit.
 */
export const ACCOUNT_STATUS_CHANGED = 'account.status_changed';

/**
 * Activates or suspends; false when no such account. Suspension fails the next signed request
 * everywhere. Setting the status an account already has changes nothing and writes no audit line.
 */
export async function changeAccountStatus(
  ctx: AppContext,
  accountId: string,
  status: Exclude<AccountStatus, 'pending'>,
  actor: Actor,
  ip: string | null = null,
): Promise<boolean> {
  return tx(ctx, async (t) => {
    const current = await findAccount(t.db, accountId);
    if (!current) return false;
    if (current.status === status) return true;
    if (!(await setAccountStatus(t.db, accountId, status, t.now))) return false;
    await t.audit({
      accountId,
      actor,
      action: status === 'active' ? 'account.activated' : 'account.suspended',
      target: accountId,
      ip,
    });
    await t.broadcast(ACCOUNT_STATUS_CHANGED, accountId);
    return true;
  });
}
