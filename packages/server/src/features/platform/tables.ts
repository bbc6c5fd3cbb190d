export interface ServiceTokensTable {
  id: string;
  name: string;
  /** JSON array of scope ids. */
  scopes: string;
  /** sha256 hex of the token: the token itself is shown once and never stored. */
  token_hash: string;
  created_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
}

/**
 * Answers of idempotent platform requests, by (scope, key): the first request's status and body,
 * replayed for a retry with the same body. The body may hold a secret (an invitation link), so
 * it is sealed under the master key like every other secret at rest.
 */
export interface IdempotencyKeysTable {
  scope: string;
  key: string;
  /** One row id, for the sealed body's context (master-key rotation re-seals by id). */
  id: string;
  /** sha256 hex of the request (method, path, body) the key was first used with. */
  request_hash: string;
  status: number;
  /** The response body (JSON), sealed. */
  body: string;
  body_key_id: string;
  created_at: string;
}

declare module '../../platform/db/database.js' {
  interface Database {
    service_tokens: ServiceTokensTable;
    idempotency_keys: IdempotencyKeysTable;
  }
}
