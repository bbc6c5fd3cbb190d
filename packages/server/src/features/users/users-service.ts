import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Actor } from '../../platform/audit/audit-log.js';
import type { AppContext } from '../../platform/context.js';
import { isUniqueViolation } from '../../platform/db/errors.js';
import { tx } from '../../platform/db/tx.js';
import { ApiError, conflict, notFound } from '../../platform/http/errors.js';
import { deleteSessionsOfUser, openSession, type StartedSession } from '../sessions/index.js';
import type { DashboardActor } from './actor.js';
import { INVITATION_RATE_WINDOW_MS, refuseInvitation } from './invitation-limits.js';
import { hashInvitationToken, INVITATION_TTL_MS, newInvitationToken } from './invitation-token.js';
import { hashPassword } from '../../platform/crypto/password.js';
import type { Role } from '../../core/access/roles.js';
import type { CreatedInvitation, TeamMember, TeamView } from './users.schemas.js';
import {
  claimInvitation,
  closeInvitationsOf,
  countPendingInvitations,
  deleteUser,
  emailTaken,
  findOpenInvitation,
  findTeamMember,
  findUserByEmail,
  insertInvitation,
  insertUser,
  isMemberEmail,
  listOpenInvitations,
  listTeamMembers,
  lockAccount,
  nthNewestInvitationSince,
  revokeOpenInvitation,
  setPasswordHash,
  setUserRole,
} from './users-store.js';

const INVITATION_GONE = 'invitation (it may have expired, been revoked or been used already)';

export async function listTeam(ctx: AppContext, accountId: string): Promise<TeamView> {
  const [data, invitations] = await Promise.all([
    listTeamMembers(ctx.db.kysely, accountId),
    listOpenInvitations(ctx.db.kysely, accountId, ctx.now().toISOString()),
  ]);
  return { data, invitations };
}

const invitationMail = (role: string, invitationUrl: string) =>
  `You have been invited to join a Signet account as ${role}.\n\nAccept within 6 hours: ${invitationUrl}\n`;

/**
 * What the owner of an address that already has a login (in another account) is told instead of
 * the link: an address belongs to one account only, so the invitation cannot be accepted.
 */
const alreadyRegisteredMail = (role: string) =>
  `You have been invited to join a Signet account as ${role}.\n\n` +
  'This address already has a Signet login, and an address can belong to one Signet account only, ' +
  'so this invitation cannot be accepted. If you want to join, ask the person who invited you to ' +
  'invite another address. Otherwise you can ignore this message.\n';

const accountNotActive = (status: string) =>
  new ApiError(403, 'account_not_activated', `the account is ${status}; an operator must activate it`, [
    { reason: 'account_status', status },
  ]);

/**
 * Records the invitation and e-mails the link; a mail failure is logged, and the link still returned.
 *
 * Decided under a lock on the account's row (so it holds across instances and concurrent requests):
 * the account must be active, it may send `invitationsPerHour` and have `maxPendingInvitations`
 * open, and an e-mail has one live invitation per account — inviting it again replaces (revokes)
 * the earlier one. A member of this team is a 409. An address of another account's user is
 * answered like any other (its owner is mailed that it cannot be accepted): the answer does not
 * tell the inviter which addresses have a login elsewhere.
 */
export async function inviteMember(
  ctx: AppContext,
  by: DashboardActor,
  input: { email: string; role: Exclude<Role, 'root'> },
  log: Pick<FastifyBaseLogger, 'warn'>,
): Promise<CreatedInvitation> {
  const { accountId, actor, ip } = by;
  const { email, role } = input;
  const token = newInvitationToken();
  const limits = { perHour: ctx.config.invitationsPerHour, maxPending: ctx.config.maxPendingInvitations };
  let created;
  try {
    created = await tx(ctx, async (t) => {
      const status = await lockAccount(t.db, accountId);
      if (status === null) throw notFound('account');
      if (status !== 'active') throw accountNotActive(status);
      if (await isMemberEmail(t.db, accountId, email))
        throw conflict('this person is already a member of the team', [{ field: 'email' }]);
      const now = t.now.toISOString();
      const since = new Date(t.now.getTime() - INVITATION_RATE_WINDOW_MS).toISOString();
      const oldestCountedAt = await nthNewestInvitationSince(t.db, accountId, since, limits.perHour);
      // The earlier invitations of this address are closed before counting: a replacement takes no
      // new place. (A refusal below rolls the closing back.)
      const replaced = await closeInvitationsOf(t.db, accountId, email, now);
      const pending = await countPendingInvitations(t.db, accountId, now);
      const refusal = refuseInvitation(limits, { oldestCountedAt, pending }, t.now);
      if (refusal?.reason === 'rate')
        throw new ApiError(
          429,
          'rate_limited',
          `an account may send ${limits.perHour} invitations per hour; try again later`,
          [{ reason: 'invitations_per_hour', limit: limits.perHour }],
          { 'retry-after': String(refusal.retryAfterSeconds) },
        );
      if (refusal?.reason === 'pending')
        throw conflict(
          `an account may have ${refusal.maxPending} pending invitations; revoke one or wait until one is accepted or expires`,
          [{ reason: 'max_pending_invitations', limit: refusal.maxPending }],
        );
      for (const old of replaced)
        await t.audit({
          accountId,
          actor,
          action: 'invitation.revoked',
          target: `${email} as ${old.role} (replaced)`,
          ip,
        });
      const invitation = {
        id: randomUUID(),
        email,
        role,
        created_at: now,
        expires_at: new Date(t.now.getTime() + INVITATION_TTL_MS).toISOString(),
      };
      await insertInvitation(t.db, {
        ...invitation,
        account_id: accountId,
        token_hash: hashInvitationToken(token),
        invited_by: 'userId' in actor ? actor.userId : '',
        accepted_at: null,
        revoked_at: null,
      });
      await t.audit({ accountId, actor, action: 'invitation.created', target: `${email} as ${role}`, ip });
      return { invitation, registeredElsewhere: await emailTaken(t.db, email) };
    });
  } catch (err) {
    // Caught outside the transaction (on PostgreSQL the failed insert aborted it). The account lock
    // makes this unreachable; the partial unique index is the guarantee behind it.
    if (isUniqueViolation(err))
      throw conflict('another invitation of this e-mail was just created', [{ field: 'email' }]);
    throw err;
  }
  const { invitation, registeredElsewhere } = created;
  const invitationUrl = `${ctx.config.publicUrl}/invite/${token}`;
  const emailed = await ctx.mailer
    .send(
      email,
      'You are invited to Signet',
      registeredElsewhere ? alreadyRegisteredMail(role) : invitationMail(role, invitationUrl),
    )
    .catch((err: unknown) => {
      log.warn({ err: (err as Error).message }, 'invitation e-mail failed');
      return false;
    });
  return { ...invitation, invitation_url: invitationUrl, emailed };
}

/**
 * Revokes a live invitation of the account: its link then answers as an unknown one. Unknown,
 * another account's, accepted, revoked and expired invitations are all 404.
 */
export async function revokeInvitation(ctx: AppContext, by: DashboardActor, id: string): Promise<void> {
  const { accountId, actor, ip } = by;
  const revoked = await tx(ctx, async (t) => {
    const gone = await revokeOpenInvitation(t.db, accountId, id, t.now.toISOString());
    if (gone)
      await t.audit({
        accountId,
        actor,
        action: 'invitation.revoked',
        target: `${gone.email} as ${gone.role}`,
        ip,
      });
    return gone;
  });
  if (!revoked) throw notFound('invitation');
}

/** Creates the invited user and signs them in; the link works once, and not after it expires. */
export async function acceptInvitation(
  ctx: AppContext,
  token: string,
  password: string,
  ip: string,
): Promise<StartedSession> {
  const now = ctx.now().toISOString();
  const invitation = await findOpenInvitation(ctx.db.kysely, hashInvitationToken(token), now);
  if (!invitation) throw notFound(INVITATION_GONE);
  const passwordHash = await hashPassword(password);
  const user = { id: randomUUID(), email: invitation.email, role: invitation.role };
  try {
    return await tx(ctx, async (t) => {
      if (!(await claimInvitation(t.db, invitation.id, now))) throw notFound(INVITATION_GONE);
      await insertUser(t.db, { ...user, accountId: invitation.account.id, passwordHash, createdAt: now });
      await t.audit({
        accountId: invitation.account.id,
        actor: { userId: user.id, email: user.email },
        action: 'invitation.accepted',
        target: `${user.email} as ${user.role}`,
        ip,
      });
      return { user, account: invitation.account, ...(await openSession(ctx, t.db, user.id)) };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict('a user with this e-mail already exists');
    throw err;
  }
}

async function memberOrThrow(ctx: AppContext, accountId: string, userId: string): Promise<TeamMember> {
  const member = await findTeamMember(ctx.db.kysely, accountId, userId);
  if (!member) throw notFound('user');
  return member;
}

/** A changed role takes effect at once: the member's sessions, which carried the old rights, end. */
export async function changeRole(
  ctx: AppContext,
  by: DashboardActor,
  userId: string,
  role: Exclude<Role, 'root'>,
): Promise<TeamMember> {
  const { accountId, actor, ip } = by;
  const member = await memberOrThrow(ctx, accountId, userId);
  // The Root is the account's owner: it can neither demote itself nor be demoted.
  if (member.role === 'root') throw conflict('the Root user cannot be demoted');
  await tx(ctx, async (t) => {
    await setUserRole(t.db, member.id, role);
    if (role !== member.role) await deleteSessionsOfUser(t.db, member.id);
    await t.audit({
      accountId,
      actor,
      action: 'user.role_changed',
      target: `${member.email}: ${member.role} → ${role}`,
      ip,
    });
  });
  return { ...member, role };
}

export async function removeMember(ctx: AppContext, by: DashboardActor, userId: string): Promise<void> {
  const { accountId, actor, ip } = by;
  const member = await memberOrThrow(ctx, accountId, userId);
  if (member.role === 'root') throw conflict('the Root user cannot be removed');
  await tx(ctx, async (t) => {
    await deleteSessionsOfUser(t.db, member.id);
    await deleteUser(t.db, member.id);
    await t.audit({ accountId, actor, action: 'user.removed', target: member.email, ip });
  });
}

/** An operator's password reset: the user's sessions end with it. False when no such user. */
export async function resetPassword(
  ctx: AppContext,
  email: string,
  password: string,
  actor: Actor,
): Promise<boolean> {
  const user = await findUserByEmail(ctx.db.kysely, email.trim().toLowerCase());
  if (!user) return false;
  const passwordHash = await hashPassword(password);
  await tx(ctx, async (t) => {
    await setPasswordHash(t.db, user.id, passwordHash);
    await deleteSessionsOfUser(t.db, user.id);
    await t.audit({ accountId: user.account_id, actor, action: 'user.password_reset', target: email });
  });
  return true;
}
