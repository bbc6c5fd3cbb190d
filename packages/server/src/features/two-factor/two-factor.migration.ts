import type { Kysely } from 'kysely';
import { autoIncrementId, type MigrationFactory } from '../../platform/db/migrations/helpers.js';

/** Two-factor authentication: TOTP authenticators, recovery codes, and the wrong-code throttle. */
export const twoFactorMigration: MigrationFactory = (dialect) => ({
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('two_factor_totp')
      .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
      .addColumn('secret_enc', 'text', (c) => c.notNull())
      .addColumn('secret_key_id', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('confirmed_at', 'text')
      // A 30-second step number: about 5.9e7 today; integer's 2^31 is reached around the year 4000.
      .addColumn('last_used_step', 'integer')
      .execute();

    await db.schema
      .createTable('two_factor_recovery_codes')
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('code_hash', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('used_at', 'text')
      .addPrimaryKeyConstraint('two_factor_recovery_codes_pk', ['user_id', 'code_hash'])
      .execute();

    await db.schema
      .createTable('two_factor_failures')
      .addColumn('id', autoIncrementId(dialect), (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('two_factor_failures_user')
      .on('two_factor_failures')
      .columns(['user_id', 'at'])
      .execute();
    await db.schema.createIndex('two_factor_failures_at').on('two_factor_failures').column('at').execute();
  },
});
