import { sql } from 'kysely';
import type { Db } from '../db/connect.js';
import type { Keyring } from './secret-box.js';
import type { SealedColumn } from './sealed-columns.js';

/** Re-seals every secret not yet under the keyring's current key; returns how many rows changed. */
export async function resealAll(db: Db, keyring: Keyring, columns: readonly SealedColumn[]): Promise<number> {
  let changed = 0;
  for (const col of columns) {
    const rows = await sql<{ id: string; ciphertext: string; key_id: string }>`
      select ${sql.ref(col.idColumn)} as id, ${sql.ref(col.ciphertextColumn)} as ciphertext, ${sql.ref(col.keyIdColumn)} as key_id
      from ${sql.table(col.table)} where ${sql.ref(col.keyIdColumn)} <> ${keyring.current.id}`.execute(
      db.kysely,
    );
    for (const row of rows.rows) {
      const plaintext = keyring.open({ keyId: row.key_id, ciphertext: row.ciphertext }, col.context(row.id));
      const sealed = keyring.seal(plaintext, col.context(row.id));
      // Only the row still holding the ciphertext we read is rewritten, so a concurrent
      // regeneration of the same secret is never overwritten with the old value.
      await sql`update ${sql.table(col.table)}
        set ${sql.ref(col.ciphertextColumn)} = ${sealed.ciphertext}, ${sql.ref(col.keyIdColumn)} = ${sealed.keyId}
        where ${sql.ref(col.idColumn)} = ${row.id} and ${sql.ref(col.ciphertextColumn)} = ${row.ciphertext}`.execute(
        db.kysely,
      );
      changed++;
    }
  }
  return changed;
}
