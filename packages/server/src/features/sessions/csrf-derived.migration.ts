import type { Kysely } from 'kysely';
import type { MigrationFactory } from '../../platform/db/migrations/helpers.js';

/**
 * CSRF tokens are derived from the session's cookie value (see csrf-token.ts), so none is stored:
 * a copy of the database holds nothing a forged request could carry. Open sessions keep working;
 * their CSRF token changes, and the dashboard reads the new one from /me when it next loads.
 */
export const csrfDerivedMigration: MigrationFactory = () => ({
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('sessions').dropColumn('csrf_token').execute();
  },
});
