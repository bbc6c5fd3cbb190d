import type { Executor } from '../../platform/db/database.js';
import type { LoginHistory } from './login-throttle.js';
import './login-tables.js';

/**
 * Writes a pending attempt and returns its id. Called on its own, outside any transaction: the row
 * must be visible to every other attempt before this one reads theirs (`historyAround`), which is
 * what makes parallel attempts count each other.
 */
export async function insertPendingAttempt(
  db: Executor,
  email: string,
  ip: string,
  atIso: string,
): Promise<number> {
  const row = await db
    .insertInto('login_attempts')
    .values({ email, ip, at: atIso, state: 'pending' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

export interface HistoryQuery {
  email: string;
  ip: string;
  /** The attempt being decided, left out of its own history. */
  exceptId: number;
  pairSinceIso: string;
  windowSinceIso: string;
  /** How many of the newest rows per e-mail and per address can matter (their limits). */
  emailRows: number;
  ipRows: number;
  pairRows: number;
}

/** Every other attempt (pending or failed) of the pair, the e-mail and the address, newest first. */
export async function historyAround(db: Executor, q: HistoryQuery): Promise<LoginHistory> {
  const times = (rows: { at: string }[]) => rows.map((r) => Date.parse(r.at));
  const base = () => db.selectFrom('login_attempts').select('at').where('id', '!=', q.exceptId);
  const [pair, email, ip] = await Promise.all([
    base()
      .where('email', '=', q.email)
      .where('ip', '=', q.ip)
      .where('at', '>', q.pairSinceIso)
      .orderBy('at', 'desc')
      .limit(q.pairRows)
      .execute(),
    base()
      .where('email', '=', q.email)
      .where('at', '>', q.windowSinceIso)
      .orderBy('at', 'desc')
      .limit(q.emailRows)
      .execute(),
    base()
      .where('ip', '=', q.ip)
      .where('at', '>', q.windowSinceIso)
      .orderBy('at', 'desc')
      .limit(q.ipRows)
      .execute(),
  ]);
  return { pair: times(pair), email: times(email), ip: times(ip) };
}

export async function markFailed(db: Executor, id: number): Promise<void> {
  await db.updateTable('login_attempts').set({ state: 'failed' }).where('id', '=', id).execute();
}

export async function deleteAttempt(db: Executor, id: number): Promise<void> {
  await db.deleteFrom('login_attempts').where('id', '=', id).execute();
}

/**
 * The pair's failures, after a right password. Attempts of the pair still pending are left: they
 * were claimed against the old count, and still count until they are settled.
 */
export async function deleteFailuresOfPair(db: Executor, email: string, ip: string): Promise<void> {
  await db
    .deleteFrom('login_attempts')
    .where('email', '=', email)
    .where('ip', '=', ip)
    .where('state', '=', 'failed')
    .execute();
}

export async function deleteAttemptsBefore(db: Executor, beforeIso: string): Promise<void> {
  await db.deleteFrom('login_attempts').where('at', '<', beforeIso).execute();
}
