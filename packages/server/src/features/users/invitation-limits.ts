/**
 * The rules that keep invitations from being a spam channel (issue 13), as a pure function of what
 * the database holds: the store counts, this decides. Both limits are per account and come from
 * the config (SIGNET_INVITATIONS_PER_HOUR, SIGNET_MAX_PENDING_INVITATIONS).
 */
export const INVITATION_RATE_WINDOW_MS = 60 * 60 * 1000;

export interface InvitationLimits {
  perHour: number;
  maxPending: number;
}

export interface InvitationLoad {
  /** When the account's `perHour`-th newest invitation of the last hour was created; null if it sent fewer. */
  oldestCountedAt: string | null;
  /** Invitations neither accepted, revoked nor expired, not counting one this invitation replaces. */
  pending: number;
}

export type InvitationRefusal =
  { reason: 'rate'; retryAfterSeconds: number } | { reason: 'pending'; maxPending: number };

/** Null when one more invitation may be sent now. The hourly limit is checked first. */
export function refuseInvitation(
  limits: InvitationLimits,
  load: InvitationLoad,
  now: Date,
): InvitationRefusal | null {
  if (load.oldestCountedAt !== null) {
    // Once that invitation leaves the window, fewer than `perHour` remain in it.
    const freeAt = Date.parse(load.oldestCountedAt) + INVITATION_RATE_WINDOW_MS;
    return { reason: 'rate', retryAfterSeconds: Math.max(1, Math.ceil((freeAt - now.getTime()) / 1000)) };
  }
  if (load.pending >= limits.maxPending) return { reason: 'pending', maxPending: limits.maxPending };
  return null;
}
