import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';

/** A Fastify instance whose route schemas are Zod: one schema gives types, validation and OpenAPI. */
export type ZodApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/**
 * PostgreSQL refuses NUL characters in text (SQLite stores them), so every string that reaches a
 * query is checked: otherwise `/users/%00` would be a 500 on one database only.
 */
export const NUL_MESSAGE = 'must not contain NUL characters';
export const noNul = (s: string) => !s.includes('\u0000');
export const lookupText = (max: number) =>
  z.string().min(1).max(max, `must be at most ${max} characters`).refine(noNul, NUL_MESSAGE);

export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  starting_after: lookupText(100).optional(),
});

export const idParams = z.object({ id: lookupText(100) });
