import type { Executor } from '../../platform/db/database.js';

export async function countFailuresSince(
  db: Executor,
  column: 'email' | 'ip',
  value: string,
  sinceIso: string,
): Promise<number> {
  const row = await db
    .selectFrom('login_failures')
    .select(({ fn }) => fn.countAll<number>().as('n'))
    .where(column, '=', value)
    .where('at', '>', sinceIso)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertFailure(db: Executor, email: string, ip: string, atIso: string): Promise<void> {
  await db.insertInto('login_failures').values({ email, ip, at: atIso }).execute();
}

export async function deleteFailuresBefore(db: Executor, beforeIso: string): Promise<void> {
  await db.deleteFrom('login_failures').where('at', '<', beforeIso).execute();
}

export async function deleteFailuresOf(db: Executor, email: string): Promise<void> {
  await db.deleteFrom('login_failures').where('email', '=', email).execute();
}
