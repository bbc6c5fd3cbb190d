import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Actor } from '../../platform/audit/audit-log.js';
import type { AppContext } from '../../platform/context.js';
import { isUniqueViolation } from '../../platform/db/errors.js';
import { tx } from '../../platform/db/tx.js';
import { conflict, notFound } from '../../platform/http/errors.js';
import { deleteSessionsOfUser, openSession, type StartedSession } from '../sessions/index.js';
import type { DashboardActor } from './actor.js';
import { hashInvitationToken, INVITATION_TTL_MS, newInvitationToken } from './invitation-token.js';
import { hashPassword } from '../../platform/crypto/password.js';
import type { Role } from '../../core/access/roles.js';
import type { CreatedInvitation, TeamMember, TeamView } from './users.schemas.js';
import {
  claimInvitation,
  deleteUser,
  emailTaken,
  findOpenInvitation,
  findTeamMember,
  findUserByEmail,
  insertInvitation,
  insertUser,
  listOpenInvitations,
  listTeamMembers,
  setPasswordHash,
  setUserRole,
} from './users-store.js';

const INVITATION_GONE = 'invitation (it may have expired or been used already)';

export async function listTeam(ctx: AppContext, accountId: string): Promise<TeamView> {
  const [data, invitations] = await Promise.all([
    listTeamMembers(ctx.db.kysely, accountId),
    listOpenInvitations(ctx.db.kysely, accountId, ctx.now().toISOString()),
  ]);
  return { data, invitations };
}

/** Records the invitation and e-mails the link; a mail failure is logged, and the link still returned. */
export async function inviteMember(
  ctx: AppContext,
  by: DashboardActor,
  input: { email: string; role: Exclude<Role, 'root'> },
  log: Pick<FastifyBaseLogger, 'warn'>,
): Promise<CreatedInvitation> {
  const { accountId, actor, ip } = by;
  const { email, role } = input;
  const token = newInvitationToken();
  const invitation = await tx(ctx, async (t) => {
    if (await emailTaken(t.db, email))
      throw conflict('a user with this e-mail already exists', [{ field: 'email' }]);
    const invitation = {
      id: randomUUID(),
      email,
      role,
      created_at: t.now.toISOString(),
      expires_at: new Date(t.now.getTime() + INVITATION_TTL_MS).toISOString(),
    };
    await insertInvitation(t.db, {
      ...invitation,
      account_id: accountId,
      token_hash: hashInvitationToken(token),
      invited_by: 'userId' in actor ? actor.userId : '',
      accepted_at: null,
    });
    await t.audit({ accountId, actor, action: 'invitation.created', target: `${email} as ${role}`, ip });
    return invitation;
  });
  const invitationUrl = `${ctx.config.publicUrl}/invite/${token}`;
  const emailed = await ctx.mailer
    .send(
      email,
      'You are invited to Signet',
      `You have been invited to join a Signet account as ${role}.\n\nAccept within 6 hours: ${invitationUrl}\n`,
    )
    .catch((err: unknown) => {
      log.warn({ err: (err as Error).message }, 'invitation e-mail failed');
      return false;
    });
  return { ...invitation, invitation_url: invitationUrl, emailed };
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
