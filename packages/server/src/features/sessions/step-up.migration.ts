import type { Kysely } from 'kysely';
import type { MigrationFactory } from '../../platform/db/migrations/helpers.js';

/**
 * When a session last proved its user afresh (login, then each step-up). Sessions opened before
 * this migration have none, so their first credential action asks for a step-up.
 */
export const sessionStepUpMigration: MigrationFactory = () => ({
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('sessions').addColumn('step_up_at', 'text').execute();
  },
});
