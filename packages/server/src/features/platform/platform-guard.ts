import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from '../../platform/audit/audit-log.js';
import type { AppContext } from '../../platform/context.js';
import { unauthenticated, unauthorized } from '../../platform/http/errors.js';
import { isScope, type Scope } from './scopes.js';
import { hashServiceToken, isWellFormedServiceToken, sameHash } from './token-material.js';

/** The service token a platform request was admitted with. */
export interface PlatformToken {
  id: string;
  name: string;
  scopes: Scope[];
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The scope a `/platform/v1` route requires of the service token. */
    scope?: Scope;
  }
  interface FastifyRequest {
    platformToken?: PlatformToken;
  }
}

const BEARER = /^Bearer +(\S+) *$/i;
const invalidToken = () => unauthenticated([{ reason: 'invalid_token' }]);

/**
 * The `/platform/v1` guard: every route declares `config.scope` (one that does not fails at
 * start-up), and each request must carry `Authorization: Bearer <service token>` of a live token
 * granted that scope. Runs on `onRequest`, before the body is read.
 */
export function installPlatformGuard(app: FastifyInstance, _ctx: AppContext): void {
  app.addHook('onRoute', (route) => {
    const config = route.config as { scope?: string; methodNotAllowed?: boolean } | undefined;
    if (config?.methodNotAllowed) return;
    if (!config?.scope || !isScope(config.scope))
      throw new Error(
        `route ${String(route.method)} ${route.url} does not declare a known config.scope (${config?.scope ?? 'none'})`,
      );
  });

  app.addHook('onRequest', async (request) => {
    const match = BEARER.exec(request.headers.authorization ?? '');
    const presented = match?.[1];
    if (!presented || !isWellFormedServiceToken(presented)) throw invalidToken();
    const hash = hashServiceToken(presented);
    const token = await request.server.serviceTokens.cache.get(hash);
    if (!token || !sameHash(token.tokenHash, hash)) throw invalidToken();
    const scope = request.routeOptions.config.scope;
    if (scope && !token.scopes.has(scope))
      throw unauthorized(`this token lacks the ${scope} scope`, [{ reason: 'missing_scope', scope }]);
    request.server.serviceTokens.recordUse(token.id);
    request.platformToken = { id: token.id, name: token.name, scopes: [...token.scopes] };
    // Every platform call, reads and /verify included, is in the access log under the token's
    // name; changes are in the audit log too (one line each, with the token as the actor).
    request.log = request.log.child({ token: token.name });
  });
}

/** For handlers in `/platform/v1`, where the guard guarantees a token. */
export function platformTokenOf(request: FastifyRequest): PlatformToken {
  if (!request.platformToken) throw invalidToken();
  return request.platformToken;
}

/** The audit actor of a platform request: the service token, by name. */
export function platformActorOf(request: FastifyRequest): Actor {
  return { token: platformTokenOf(request).name };
}
