import type { Kysely } from 'kysely';
import type { MigrationFactory } from '../../platform/db/migrations/helpers.js';

/**
 * Events published through the platform API (`POST /platform/v1/accounts/{id}/events`) share the
 * outbox with Signet's own callbacks: each row says where it came from, and a publish carrying an
 * `Idempotency-Key` keeps it, unique per account, so a retried publish finds its first event
 * (NULLs never collide: callbacks without a key are unconstrained).
 */
export const platformEventsMigration: MigrationFactory = () => ({
  async up(db: Kysely<unknown>) {
    // One column per statement: SQLite's ALTER TABLE adds one at a time.
    await db.schema
      .alterTable('callbacks')
      .addColumn('source', 'text', (c) => c.notNull().defaultTo('signet'))
      .execute();
    await db.schema.alterTable('callbacks').addColumn('idempotency_key', 'text').execute();
    await db.schema
      .createIndex('callbacks_idempotency')
      .on('callbacks')
      .columns(['account_id', 'idempotency_key'])
      .unique()
      .execute();
  },
});
