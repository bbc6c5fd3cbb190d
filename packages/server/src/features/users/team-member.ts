import type { AppContext } from '../../platform/context.js';

/** A user of the given account; another account's user id is simply not found. */
export function findTeamMember(ctx: AppContext, accountId: string, userId: string) {
  return ctx.db.kysely
    .selectFrom('users')
    .select(['id', 'email', 'role', 'created_at'])
    .where('id', '=', userId)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
}
