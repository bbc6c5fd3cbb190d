import type { FastifyRequest } from 'fastify';
import type { Actor } from '../../platform/audit/audit-log.js';
import { sessionOf } from '../sessions/index.js';

/** Who acts on a dashboard request, for the audit line: the account, the user, and the source address. */
export interface DashboardActor {
  accountId: string;
  actor: Actor;
  ip: string;
}

/** The audit identity and source of a dashboard request. */
export function actorOf(request: FastifyRequest): DashboardActor {
  const s = sessionOf(request);
  return { accountId: s.account.id, actor: { userId: s.user.id, email: s.user.email }, ip: request.ip };
}
