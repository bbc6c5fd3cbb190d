import type { FastifyReply } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { setSessionCookie } from './cookie.js';
import { createSession, type SessionAccount, type SessionUser } from './session-store.js';

/** The body of signup, login, invitation acceptance and `GET /me`: who you are and your CSRF token. */
export function sessionPayload(
  ctx: AppContext,
  user: SessionUser,
  account: SessionAccount,
  csrfToken: string,
) {
  return {
    user: { id: user.id, email: user.email, role: user.role },
    account: { id: account.id, name: account.name, status: account.status },
    csrf_token: csrfToken,
    mode: ctx.config.mode,
  };
}

export async function startSession(
  ctx: AppContext,
  reply: FastifyReply,
  user: SessionUser,
  account: SessionAccount,
) {
  const { token, csrfToken } = await createSession(ctx, user.id);
  setSessionCookie(ctx, reply, token);
  return sessionPayload(ctx, user, account, csrfToken);
}
