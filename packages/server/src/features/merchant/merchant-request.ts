import type { FastifyRequest } from 'fastify';
import { authenticatedKeyOf } from '../merchant-auth/index.js';

/**
 * The one place merchant handlers learn whose data they serve: the account of the API key that
 * merchant-auth verified. Every query is scoped by it, so another account's ids simply 404.
 */
export function merchantAccountId(request: FastifyRequest): string {
  return authenticatedKeyOf(request).accountId;
}
