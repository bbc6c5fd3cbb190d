import { randomBytes, randomUUID } from 'node:crypto';
import type { Actor } from '../../platform/audit/audit-log.js';
import type { AppContext } from '../../platform/context.js';
import { hashPassword } from '../../platform/crypto/password.js';
import type { Executor } from '../../platform/db/database.js';
import { isUniqueViolation } from '../../platform/db/errors.js';
import { tx } from '../../platform/db/tx.js';
import { conflict, notFound } from '../../platform/http/errors.js';
import type { Role } from '../../core/access/roles.js';
import {
  accountHasRoot,
  claimPortalSession,
  deleteExpiredPortalSessions,
  findOpenPortalSession,
  findPortalAccount,
  findUserWithEmail,
  hashPortalToken,
  insertPortalSession,
  insertPortalUser,
} from './portal-store.js';
import type { StartedSession } from './session-payload.js';
import { openSession, type SessionUser } from './session-store.js';
import type { PortalSessionView } from './sessions.schemas.js';

/** How long a portal link can be opened: long enough to follow a redirect, too short to forward. */
export const PORTAL_SESSION_TTL_MS = 5 * 60_000;
/** Where an opened link lands (a client-side route of the dashboard). */
export const PORTAL_LANDING = '/integration/api';

/** Used, expired and unknown links answer alike, as invitation links do: 404 `not_found`. */
const LINK_GONE = 'portal link (it may have expired or been used already)';

/** Who asks for a link: the service token's audit identity, and the source address. */
export interface PortalRequester {
  actor: Actor;
  ip: string;
}

/**
 * The rules a link is checked against when it is issued and again when it is opened (the team may
 * have changed in between). Returns the existing user of this account the link logs in, or null
 * when the link will create one.
 */
async function personFor(
  db: Executor,
  accountId: string,
  email: string,
  role: Role,
): Promise<SessionUser | null> {
  const user = await findUserWithEmail(db, email);
  if (user && user.accountId !== accountId)
    throw conflict('a user with this e-mail belongs to another account', [
      { field: 'email', reason: 'other_account' },
    ]);
  if (user) return { id: user.id, email: user.email, role: user.role };
  if (role === 'root' && (await accountHasRoot(db, accountId)))
    throw conflict('the account already has its Root user', [{ field: 'role', reason: 'root_exists' }]);
  return null;
}

/** Issues a one-time link that logs `email` into the account's dashboard (creating the user on first use). */
export async function createPortalSession(
  ctx: AppContext,
  by: PortalRequester,
  accountId: string,
  input: { email: string; role: Role },
): Promise<PortalSessionView> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = await tx(ctx, async (t) => {
    const account = await findPortalAccount(t.db, accountId);
    if (!account) throw notFound('account');
    await personFor(t.db, account.id, input.email, input.role);
    const now = t.now.toISOString();
    const expiresAt = new Date(t.now.getTime() + PORTAL_SESSION_TTL_MS).toISOString();
    await deleteExpiredPortalSessions(t.db, now);
    await insertPortalSession(t.db, {
      token_hash: hashPortalToken(token),
      account_id: account.id,
      email: input.email,
      role: input.role,
      created_at: now,
      expires_at: expiresAt,
      used_at: null,
    });
    await t.audit({
      accountId: account.id,
      actor: by.actor,
      action: 'portal_session.created',
      target: `${input.email} as ${input.role}`,
      ip: by.ip,
    });
    return expiresAt;
  });
  return { url: `${ctx.config.publicUrl}/portal/${token}`, expires_at: expiresAt };
}

/**
 * Opens a link: marks it used, creates the user on first use (with the link's role; an existing
 * member keeps theirs) and opens a dashboard session exactly as a login does. A second use, an
 * expired or an unknown link is 404; a person who has meanwhile become another account's user, or a
 * Root link for an account that has meanwhile got its Root, is 409 (and the link stays unused).
 */
export async function openPortalSession(ctx: AppContext, token: string, ip: string): Promise<StartedSession> {
  if (token.length === 0 || token.length > 100) throw notFound(LINK_GONE);
  const tokenHash = hashPortalToken(token);
  const link = await findOpenPortalSession(ctx.db.kysely, tokenHash, ctx.now().toISOString());
  if (!link) throw notFound(LINK_GONE);
  // A portal user has a password nobody knows (hashed outside the transaction: it is slow on
  // purpose); they come in through portal links until an operator sets one (`signet users
  // reset-password`).
  let passwordHash: Promise<string> | undefined;
  const unusablePassword = () => (passwordHash ??= hashPassword(randomBytes(32).toString('base64url')));
  if (!(await findUserWithEmail(ctx.db.kysely, link.email))) await unusablePassword();

  for (let attempt = 1; ; attempt++) {
    try {
      return await tx(ctx, async (t) => {
        if (!(await claimPortalSession(t.db, tokenHash, t.now.toISOString()))) throw notFound(LINK_GONE);
        let user = await personFor(t.db, link.account.id, link.email, link.role);
        const created = user === null;
        if (!user) {
          user = { id: randomUUID(), email: link.email, role: link.role };
          await insertPortalUser(t.db, {
            ...user,
            accountId: link.account.id,
            passwordHash: await unusablePassword(),
            createdAt: t.now.toISOString(),
          });
        }
        await t.audit({
          accountId: link.account.id,
          actor: { userId: user.id, email: user.email },
          action: 'portal_session.used',
          target: `${user.email} as ${user.role}${created ? ' (user created)' : ''}`,
          ip,
        });
        return { user, account: link.account, ...(await openSession(ctx, t.db, user.id)) };
      });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      // Another link created this user (or the account's Root) after our check: the transaction,
      // the claim included, rolled back; once more against the committed team decides it.
      if (attempt === 1) continue;
      throw conflict('the user could not be created; try again');
    }
  }
}
