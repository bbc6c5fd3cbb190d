import { Migrator, sql, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './connect.js';
import { foundation } from './migrations/001_foundation.js';
import type { MigrationFactory } from './migrations/helpers.js';
import { callbacksMigration } from '../callbacks/callbacks.migration.js';
import { merchantMigration } from '../merchant/merchant.migration.js';
import { apiKeysMigration } from '../keys/api-keys.migration.js';

/** Ordered by name; append new migrations, never edit or reorder applied ones. */
const migrations: Record<string, MigrationFactory> = {
  '001_foundation': foundation,
  '002_api_keys': apiKeysMigration,
  '003_merchant': merchantMigration,
  '004_callbacks': callbacksMigration,
};

export async function migrateToLatest(db: Db): Promise<string[]> {
  const provider: MigrationProvider = {
    async getMigrations() {
      const out: Record<string, Migration> = {};
      for (const [name, factory] of Object.entries(migrations)) out[name] = factory(db.dialect);
      return out;
    },
  };
  // Kysely looks for its bookkeeping tables in every schema unless told which one; with several
  // Signet schemas in one PostgreSQL database (tests, or instances separated by search_path) it
  // would find another schema's tables and never create its own.
  const migrationTableSchema =
    db.dialect === 'postgres'
      ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db.kysely)).rows[0]?.schema
      : undefined;
  const migrator = new Migrator({
    db: db.kysely,
    provider,
    ...(migrationTableSchema ? { migrationTableSchema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
