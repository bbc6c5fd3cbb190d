import type { Kysely } from 'kysely';
import { autoIncrementId, type MigrationFactory } from '../../platform/db/migrations/helpers.js';

/**
 * Signups per source address and in total (issue 13): one row per signup, written before its work
 * starts, kept for the hour the limits look back. Indexed by time, and by address and time.
 */
export const signupAttemptsMigration: MigrationFactory = (dialect) => ({
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('signup_attempts')
      .addColumn('id', autoIncrementId(dialect), (c) => c.primaryKey())
      .addColumn('ip', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('signup_attempts_at').on('signup_attempts').column('at').execute();
    await db.schema.createIndex('signup_attempts_ip').on('signup_attempts').columns(['ip', 'at']).execute();
  },
});
