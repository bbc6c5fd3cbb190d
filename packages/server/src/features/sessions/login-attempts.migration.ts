import { sql, type Kysely } from 'kysely';
import { autoIncrementId, type MigrationFactory } from '../../platform/db/migrations/helpers.js';

/**
 * Login attempts replace login failures (issue 13): an attempt is written before its password is
 * checked, so parallel logins cannot all pass the throttle. The failures recorded so far carry
 * over as failed attempts, so an attack under way is not forgiven by the upgrade; the old table
 * goes. Indexes: per (e-mail, address) pair, per e-mail, per address, each with the time.
 */
export const loginAttemptsMigration: MigrationFactory = (dialect) => ({
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('login_attempts')
      .addColumn('id', autoIncrementId(dialect), (c) => c.primaryKey())
      .addColumn('email', 'text', (c) => c.notNull())
      .addColumn('ip', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('login_attempts_pair')
      .on('login_attempts')
      .columns(['email', 'ip', 'at'])
      .execute();
    await db.schema
      .createIndex('login_attempts_email')
      .on('login_attempts')
      .columns(['email', 'at'])
      .execute();
    await db.schema.createIndex('login_attempts_ip').on('login_attempts').columns(['ip', 'at']).execute();
    await sql`
      insert into login_attempts (email, ip, at, state)
      select email, ip, at, 'failed' from login_failures
    `.execute(db);
    await db.schema.dropTable('login_failures').execute();
  },
});
