export interface ApiKeysTable {
  id: string;
  account_id: string;
  /** Public key id sent in every request (22 base64url characters). */
  api_key: string;
  name: string;
  /** JSON array of permission ids. */
  permissions: string;
  /** JSON array of normalised addresses / CIDR ranges; [] = any address. */
  ip_whitelist: string;
  secret_enc: string;
  secret_key_id: string;
  created_at: string;
  /** E-mail of the user who created it. */
  created_by: string;
  last_used_at: string | null;
  last_used_ip: string | null;
}

declare module '../../platform/db/database.js' {
  interface Database {
    api_keys: ApiKeysTable;
  }
}
