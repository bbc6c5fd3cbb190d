import type { Executor } from '../../platform/db/database.js';
import type { SignupHistory } from './signup-throttle.js';
import './signup-tables.js';

/**
 * Writes a signup and returns its id. Called on its own, outside any transaction: the row must be
 * visible to every other signup before this one reads theirs, so parallel signups count each other.
 */
export async function insertSignupAttempt(db: Executor, ip: string, atIso: string): Promise<number> {
  const row = await db
    .insertInto('signup_attempts')
    .values({ ip, at: atIso })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** The other signups since `sinceIso`, newest first: at most `ipRows` of the address, `allRows` in total. */
export async function signupsAround(
  db: Executor,
  q: { ip: string; exceptId: number; sinceIso: string; ipRows: number; allRows: number },
): Promise<SignupHistory> {
  const base = () =>
    db
      .selectFrom('signup_attempts')
      .select('at')
      .where('id', '!=', q.exceptId)
      .where('at', '>', q.sinceIso)
      .orderBy('at', 'desc');
  const [ip, all] = await Promise.all([
    base().where('ip', '=', q.ip).limit(q.ipRows).execute(),
    q.allRows > 0 ? base().limit(q.allRows).execute() : Promise.resolve([]),
  ]);
  const times = (rows: { at: string }[]) => rows.map((r) => Date.parse(r.at));
  return { ip: times(ip), all: times(all) };
}

export async function deleteSignupAttempt(db: Executor, id: number): Promise<void> {
  await db.deleteFrom('signup_attempts').where('id', '=', id).execute();
}

export async function deleteSignupAttemptsBefore(db: Executor, beforeIso: string): Promise<void> {
  await db.deleteFrom('signup_attempts').where('at', '<', beforeIso).execute();
}
