import type { Actor } from '../../../platform/audit/audit-log.js';
import type { AppContext } from '../../../platform/context.js';
import { isUniqueViolation } from '../../../platform/db/errors.js';
import { tx } from '../../../platform/db/tx.js';
import { conflict, notFound } from '../../../platform/http/errors.js';
import { requestHash } from '../../platform/index.js';
import type { PlatformEventAccepted, PlatformEventBody } from '../callbacks.schemas.js';
import { writeOutbox } from '../outbox/enqueue.js';
import { accountExists, findByIdempotencyKey } from './event-store.js';

/** Who publishes: the service token (audit actor), for which account, from where. */
export interface EventPublisher {
  accountId: string;
  actor: Actor;
  ip: string;
}

/**
 * An event from the operator's backend, into the account's outbox: from there it is exactly a
 * callback of Signet's own (body, signature, retries, history, resend, metrics), marked
 * `source: 'platform'`. With an idempotency key, a retried publish answers the first event: the
 * same key with another body (compared as the platform's other idempotent routes compare requests,
 * whatever the key order) is a 409. Two concurrent publishes with one key race on the
 * unique index (account_id, idempotency_key); the loser's transaction rolls back and it answers
 * the winner's event, which has committed by then (PostgreSQL makes the loser wait for it).
 */
export async function publishPlatformEvent(
  ctx: AppContext,
  who: EventPublisher,
  input: PlatformEventBody,
  idempotencyKey: string | undefined,
): Promise<PlatformEventAccepted> {
  const attempt = () =>
    tx(ctx, async (t) => {
      if (!(await accountExists(t.db, who.accountId))) throw notFound('account');
      if (idempotencyKey !== undefined) {
        const earlier = await findByIdempotencyKey(t.db, who.accountId, idempotencyKey);
        if (earlier) return sameOrConflict(earlier, input);
      }
      const queued = await writeOutbox(
        ctx,
        t,
        { accountId: who.accountId, type: input.type, event: input.event, data: input.data },
        { source: 'platform', idempotencyKey },
      );
      await t.audit({ ...who, action: 'callback.published', target: queued.id });
      return { id: queued.id, event_id: queued.eventId };
    });
  try {
    return await attempt();
  } catch (err) {
    if (idempotencyKey === undefined || !isUniqueViolation(err)) throw err;
    // A concurrent publish with this key committed first: this one answers its event.
    return attempt();
  }
}

/** The earlier event when this publish is its retry; a 409 when the key was used for another. */
function sameOrConflict(
  earlier: { id: string; event_id: string; body: string },
  input: PlatformEventBody,
): PlatformEventAccepted {
  // The stored body is `{type, event, data}`: the request's own members.
  if (requestHash(JSON.parse(earlier.body)) !== requestHash(input))
    throw conflict('this Idempotency-Key was used with a different request', [
      { field: 'headers.idempotency-key', reason: 'idempotency_key_reused' },
    ]);
  return { id: earlier.id, event_id: earlier.event_id };
}
