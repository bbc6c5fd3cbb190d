/**
 * An encrypted column, declared by the feature that owns it (`Feature.sealedColumns`), so
 * master-key rotation re-encrypts every one of them.
 */
export interface SealedColumn {
  table: string;
  idColumn: string;
  ciphertextColumn: string;
  keyIdColumn: string;
  context: (rowId: string) => string;
}
