import type { Executor } from '../db/database.js';

export type AuditAction =
  | 'account.created'
  | 'account.activated'
  | 'account.suspended'
  | 'session.created'
  | 'session.ended'
  | 'invitation.created'
  | 'invitation.accepted'
  | 'invitation.revoked'
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
  | 'sandbox.invoice_simulated'
  | 'sandbox.refund_simulated'
  | 'sandbox.subscription_simulated'
  | 'sandbox.coin_withdrawal_simulated'
  | 'sandbox.channel_simulated'
  | 'sandbox.channel_payment_simulated'
  | 'callback.published'
  | 'portal_session.created'
  | 'portal_session.used'
  | 'two_factor.enabled'
  | 'two_factor.disabled'
  | 'two_factor.recovery_code_used'
  | 'two_factor.recovery_codes_regenerated'
  | 'session.stepped_up';

/**
 * Who did it: a dashboard user, an operator at the command line, or a platform API service token
 * (by name).
 */
export type Actor = { userId: string; email: string } | { operator: string } | { token: string };

/** How an actor reads in the audit log: the user's e-mail, `operator:<name>`, `token:<name>`. */
export function renderActor(actor: Actor): string {
  if ('operator' in actor) return `operator:${actor.operator}`;
  if ('token' in actor) return `token:${actor.token}`;
  return actor.email;
}

export interface AuditEntry {
  accountId: string;
  actor: Actor;
  action: AuditAction;
  target?: string | null;
  ip?: string | null;
}

/** Written in the caller's transaction, so an action and its audit line commit or fail together. */
export async function recordAudit(db: Executor, entry: AuditEntry, at: Date): Promise<void> {
  const actor = renderActor(entry.actor);
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
