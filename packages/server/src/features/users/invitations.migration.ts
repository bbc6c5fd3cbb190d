import { sql, type Kysely } from 'kysely';
import type { MigrationFactory } from '../../platform/db/migrations/helpers.js';

/**
 * Revocable invitations, and at most one live invitation per e-mail and account (issue 13).
 *
 * `revoked_at` is set when an invitation is revoked, or replaced by a newer one for the same
 * address. The partial unique index holds "one open invitation per (account, e-mail)" on both
 * databases whatever the concurrency; an index cannot see the clock, so an expired invitation is
 * closed (revoked_at set) by the next invitation of its address. Duplicates made before this
 * migration are closed first, keeping the newest. The (account_id, created_at) index serves the
 * hourly count.
 */
export const invitationsMigration: MigrationFactory = () => ({
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('invitations').addColumn('revoked_at', 'text').execute();
    const now = new Date().toISOString();
    await sql`
      update invitations set revoked_at = ${now}
      where accepted_at is null
        and exists (
          select 1 from invitations newer
          where newer.account_id = invitations.account_id
            and newer.email = invitations.email
            and newer.accepted_at is null
            and (newer.created_at > invitations.created_at
              or (newer.created_at = invitations.created_at and newer.id > invitations.id))
        )
    `.execute(db);
    await db.schema
      .createIndex('invitations_one_open_per_email')
      .on('invitations')
      .columns(['account_id', 'email'])
      .unique()
      .where(sql<boolean>`accepted_at is null and revoked_at is null`)
      .execute();
    await db.schema
      .createIndex('invitations_account_created')
      .on('invitations')
      .columns(['account_id', 'created_at'])
      .execute();
  },
});
