import { callbackSecretContext } from '../accounts/account-store.js';
import { apiKeySecretContext } from '../keys/api-key-store.js';

/**
 * Every encrypted column in the database, so master-key rotation re-encrypts all of them.
 * A feature that adds a secret column adds its line here.
 */
export interface SealedColumn {
  table: string;
  idColumn: string;
  ciphertextColumn: string;
  keyIdColumn: string;
  context: (rowId: string) => string;
}

export const SEALED_COLUMNS: SealedColumn[] = [
  {
    table: 'accounts',
    idColumn: 'id',
    ciphertextColumn: 'callback_secret_enc',
    keyIdColumn: 'callback_secret_key_id',
    context: callbackSecretContext,
  },
  {
    table: 'api_keys',
    idColumn: 'id',
    ciphertextColumn: 'secret_enc',
    keyIdColumn: 'secret_key_id',
    context: apiKeySecretContext,
  },
];
