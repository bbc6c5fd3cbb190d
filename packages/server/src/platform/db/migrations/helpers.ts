import { sql, type ColumnDataType, type Expression, type Migration } from 'kysely';
import type { Dialect } from '../connect.js';

/** Migrations are written once for both databases; the factory learns the dialect for the few differences. */
export type MigrationFactory = (dialect: Dialect) => Migration;

export function autoIncrementId(dialect: Dialect): ColumnDataType | Expression<unknown> {
  // SQLite's INTEGER PRIMARY KEY is already an auto-assigned rowid; PostgreSQL needs an identity type.
  return dialect === 'postgres' ? sql`bigserial` : 'integer';
}
