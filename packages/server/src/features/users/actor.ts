import type { FastifyRequest } from 'fastify';
import type { Actor } from '../../platform/audit/audit-log.js';
import { sessionOf } from '../sessions/access.js';

/** The audit identity and source of a dashboard request. */
export function actorOf(request: FastifyRequest): { accountId: string; actor: Actor; ip: string } {
  const s = sessionOf(request);
  return { accountId: s.account.id, actor: { userId: s.user.id, email: s.user.email }, ip: request.ip };
}
