import { Migrator, sql, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './connect.js';
import type { MigrationFactory } from './migrations/helpers.js';

/**
 * Applies every feature's migrations in name order (the names are global: `NNN_feature`). Append
 * new migrations; never edit, rename or reorder applied ones.
 */
export async function migrateToLatest(
  db: Db,
  migrations: Record<string, MigrationFactory>,
): Promise<string[]> {
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
