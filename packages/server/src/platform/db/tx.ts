import type { Transaction } from 'kysely';
import { recordAudit, type AuditEntry } from '../audit/audit-log.js';
import type { AppContext } from '../context.js';
import type { Database } from './database.js';

/** What a unit of work may do besides SQL: every effect that must follow the commit goes through here. */
export interface Tx {
  db: Transaction<Database>;
  /** The moment of the change (the context's clock, read once). */
  now: Date;
  /** An audit line, written in this transaction: the action and its record commit or fail together. */
  audit(entry: AuditEntry): Promise<void>;
  /** Runs once the transaction has committed (never after a rollback); errors are logged, not thrown. */
  afterCommit(fn: () => void | Promise<void>): void;
  /**
   * Announces a change to this process after commit and, where the database is shared by several
   * processes (PostgreSQL), to every other instance exactly when the change commits.
   */
  broadcast(topic: string, payload: string): Promise<void>;
}

/**
 * The one way to write: opens a transaction, hands it to `work`, commits, then runs the
 * after-commit effects in order. A unit of work cannot forget to announce or to audit, because both
 * are methods of the handle it receives.
 */
export async function tx<T>(ctx: AppContext, work: (t: Tx) => Promise<T>): Promise<T> {
  const after: (() => void | Promise<void>)[] = [];
  const result = await ctx.db.kysely.transaction().execute(async (trx) => {
    const now = ctx.now();
    const handle: Tx = {
      db: trx,
      now,
      audit: (entry) => recordAudit(trx, entry, now),
      afterCommit: (fn) => void after.push(fn),
      async broadcast(topic, payload) {
        await ctx.db.capabilities.notify(trx, topic, payload);
        after.push(() => ctx.signals.emit(topic, payload));
      },
    };
    return work(handle);
  });
  for (const fn of after) {
    try {
      await fn();
    } catch (err) {
      ctx.log.error({ err }, 'after-commit effect failed');
    }
  }
  return result;
}
