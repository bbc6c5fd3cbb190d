import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.js';
import { isUniqueViolation } from '../../platform/db/errors.js';
import { tx, type Tx } from '../../platform/db/tx.js';
import { conflict } from '../../platform/http/errors.js';
import { noNul, NUL_MESSAGE } from '../../platform/http/zod-app.js';
import {
  completeIdempotencyRecord,
  findIdempotencyRecord,
  insertIdempotencyRecord,
} from './idempotency-store.js';
import type { IdempotencyKeysTable } from './tables.js';

/**
 * The optional `Idempotency-Key` request header of a platform route (printable ASCII, ≤ 255).
 * Loose: the validated headers replace `request.headers`, which must keep the others.
 */
export const idempotencyHeaders = z.looseObject({
  'idempotency-key': z
    .string()
    .min(1)
    .max(255, 'must be at most 255 characters')
    .refine(noNul, NUL_MESSAGE)
    .refine((s) => /^[\x21-\x7e]+$/.test(s), 'must be printable ASCII without spaces')
    .optional(),
});

export interface Answer<T> {
  status: number;
  body: T;
}

export const idempotencyBodyContext = (id: string) => `idempotency_keys.body:${id}`;

/** JSON with object keys sorted, so the same request hashes the same whatever the key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export const requestHash = (request: unknown) =>
  createHash('sha256').update(canonical(request)).digest('hex');

function replay<T>(ctx: AppContext, row: IdempotencyKeysTable, hash: string): Answer<T> {
  if (row.request_hash !== hash)
    throw conflict('this Idempotency-Key was used with a different request', [
      { field: 'headers.idempotency-key', reason: 'idempotency_key_reused' },
    ]);
  const body = ctx.keyring.open(
    { keyId: row.body_key_id, ciphertext: row.body },
    idempotencyBodyContext(row.id),
  );
  return { status: row.status, body: JSON.parse(body) as T };
}

/**
 * Runs `work` in a transaction at most once per (scope, key): a retry with the same request gets
 * the first answer again, one with a different request a 409. Insert-first: the key's row is the
 * transaction's first write, so a concurrent twin blocks on it (PostgreSQL) or runs after it
 * (SQLite) and then replays the committed answer; a failed `work` stores nothing. Without a key,
 * simply `tx(ctx, work)`.
 */
export async function idempotent<T>(
  ctx: AppContext,
  options: { scope: string; key: string | undefined; request: unknown },
  work: (t: Tx) => Promise<Answer<T>>,
): Promise<Answer<T>> {
  const { scope, key } = options;
  if (key === undefined) return tx(ctx, work);
  const hash = requestHash(options.request);
  const seen = await findIdempotencyRecord(ctx.db.kysely, scope, key);
  if (seen) return replay(ctx, seen, hash);
  try {
    return await tx(ctx, async (t) => {
      const id = randomUUID();
      await insertIdempotencyRecord(t.db, {
        scope,
        key,
        id,
        request_hash: hash,
        status: 0,
        body: '',
        body_key_id: '',
        created_at: t.now.toISOString(),
      });
      const answer = await work(t);
      const sealed = ctx.keyring.seal(JSON.stringify(answer.body), idempotencyBodyContext(id));
      await completeIdempotencyRecord(t.db, id, {
        status: answer.status,
        body: sealed.ciphertext,
        body_key_id: sealed.keyId,
      });
      return answer;
    });
  } catch (err) {
    // Caught outside the transaction: on PostgreSQL the failed insert has aborted it.
    if (!isUniqueViolation(err)) throw err;
    const twin = await findIdempotencyRecord(ctx.db.kysely, scope, key);
    if (twin) return replay(ctx, twin, hash);
    throw err;
  }
}
