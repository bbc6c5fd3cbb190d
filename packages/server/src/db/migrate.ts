import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './connect.js';
import { foundation } from './migrations/001_foundation.js';
import type { MigrationFactory } from './migrations/helpers.js';

/** Ordered by name; append new migrations, never edit or reorder applied ones. */
const migrations: Record<string, MigrationFactory> = {
  '001_foundation': foundation,
};

export async function migrateToLatest(db: Db): Promise<string[]> {
  const provider: MigrationProvider = {
    async getMigrations() {
      const out: Record<string, Migration> = {};
      for (const [name, factory] of Object.entries(migrations)) out[name] = factory(db.dialect);
      return out;
    },
  };
  const migrator = new Migrator({ db: db.kysely, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
