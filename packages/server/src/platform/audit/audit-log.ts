import type { Executor } from '../db/database.js';

export type AuditAction =
  | 'account.created'
  | 'account.activated'
  | 'account.suspended'
  | 'session.created'
  | 'session.ended'
  | 'invitation.created'
  | 'invitation.accepted'
  | 'user.role_changed'
  | 'user.removed'
  | 'user.password_reset'
  | 'callback_url.changed'
  | 'callback_secret.viewed'
  | 'callback_secret.regenerated'
  | 'api_key.created'
  | 'api_key.deleted'
  | 'callback.resent'
  | 'callback.test_sent'
  | 'sandbox.invoice_simulated';

/** Who did it: a dashboard user, or an operator at the command line. */
export type Actor = { userId: string; email: string } | { operator: string };

export interface AuditEntry {
  accountId: string;
  actor: Actor;
  action: AuditAction;
  target?: string | null;
  ip?: string | null;
}

/** Written in the caller's transaction, so an action and its audit line commit or fail together. */
export async function recordAudit(db: Executor, entry: AuditEntry, at: Date): Promise<void> {
  const actor = 'operator' in entry.actor ? `operator:${entry.actor.operator}` : entry.actor.email;
  await db
    .insertInto('audit_log')
    .values({
      account_id: entry.accountId,
      at: at.toISOString(),
      actor_user_id: 'userId' in entry.actor ? entry.actor.userId : null,
      actor,
      action: entry.action,
      target: entry.target ?? null,
      ip: entry.ip ?? null,
    })
    .execute();
}
