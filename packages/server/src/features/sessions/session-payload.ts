import type { FastifyReply } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { capabilityVerdicts } from '../../core/access/roles.js';
import { setSessionCookie } from './cookie.js';
import type { SessionAccount, SessionTokens, SessionUser } from './session-store.js';
import type { MeView, SessionView } from './sessions.schemas.js';

/** A session opened by signup, login or invitation acceptance, not yet handed to the browser. */
export interface StartedSession extends SessionTokens {
  user: SessionUser;
  account: SessionAccount;
}

/** The body of signup, login, invitation acceptance: who you are and your CSRF token. */
export function sessionPayload(
  ctx: AppContext,
  user: SessionUser,
  account: SessionAccount,
  csrfToken: string,
): SessionView {
  return {
    user: { id: user.id, email: user.email, role: user.role },
    account: { id: account.id, name: account.name, status: account.status },
    csrf_token: csrfToken,
    mode: ctx.config.mode,
  };
}

/** `GET /me`: the session payload plus what this user may do in this account now. */
export function mePayload(
  ctx: AppContext,
  user: SessionUser,
  account: SessionAccount,
  csrfToken: string,
): MeView {
  return {
    ...sessionPayload(ctx, user, account, csrfToken),
    capabilities: capabilityVerdicts(user.role, account.status),
  };
}

/** Sets the session cookie and returns the body that goes with it. */
export function sendSession(ctx: AppContext, reply: FastifyReply, started: StartedSession): SessionView {
  setSessionCookie(ctx, reply, started.token);
  return sessionPayload(ctx, started.user, started.account, started.csrfToken);
}
