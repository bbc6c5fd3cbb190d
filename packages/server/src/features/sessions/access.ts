import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { ApiError, unauthenticated, unauthorized } from '../../platform/http/errors.js';
import { decideAccess, type Access } from '../../core/access/roles.js';
import { SESSION_COOKIE } from './cookie.js';
import { findSession, type ActiveSession } from './session-store.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    session?: ActiveSession;
  }
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The dashboard's single access mechanism: each route declares `config.access`, and this hook
 * authenticates the session, checks CSRF, the role and the account state in that order. A route
 * that forgets to declare its access fails at start-up rather than being open by accident.
 */
export function installAccessControl(app: FastifyInstance, ctx: AppContext): void {
  app.addHook('onRoute', (route) => {
    const config = route.config as { access?: Access; methodNotAllowed?: boolean } | undefined;
    if (!config?.access && !config?.methodNotAllowed)
      throw new Error(`route ${route.method} ${route.url} does not declare config.access`);
  });

  app.addHook('preHandler', async (request) => {
    const access = request.routeOptions.config.access;
    if (!access || access === 'public') return;
    const token = request.cookies[SESSION_COOKIE];
    const session = token ? await findSession(ctx, token) : null;
    if (!session) throw unauthenticated([{ reason: 'no_session' }]);
    if (STATE_CHANGING.has(request.method)) {
      const sent = request.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !sameToken(sent, session.csrfToken))
        throw new ApiError(403, 'csrf_failed', 'missing or invalid X-CSRF-Token header');
    }
    const decision = decideAccess(access, session.user.role, session.account.status);
    if (decision === 'role_forbidden')
      throw unauthorized(`the ${session.user.role} role cannot do this`, [
        { reason: 'role', role: session.user.role },
      ]);
    if (decision === 'account_not_activated')
      throw new ApiError(
        403,
        'account_not_activated',
        `the account is ${session.account.status}; an operator must activate it`,
        [{ reason: 'account_status', status: session.account.status }],
      );
    request.session = session;
  });
}

/** For handlers behind a non-public access declaration, where the hook guarantees a session. */
export function sessionOf(request: FastifyRequest): ActiveSession {
  if (!request.session) throw unauthenticated();
  return request.session;
}
