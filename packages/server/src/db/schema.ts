import type { Generated } from 'kysely';

/**
 * The database as Kysely sees it. Timestamps are ISO-8601 UTC strings and lists are JSON text, so
 * the same rows read identically from SQLite and PostgreSQL.
 */
export interface AccountsTable {
  id: string;
  name: string;
  status: 'pending' | 'active' | 'suspended';
  callback_url: string | null;
  callback_secret_enc: string;
  callback_secret_key_id: string;
  created_at: string;
  updated_at: string;
}

export interface UsersTable {
  id: string;
  account_id: string;
  email: string;
  password_hash: string;
  role: string;
  created_at: string;
}

export interface SessionsTable {
  /** SHA-256 of the cookie value: a copy of the database cannot be replayed as a login. */
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

export interface InvitationsTable {
  id: string;
  account_id: string;
  email: string;
  role: string;
  token_hash: string;
  invited_by: string;
  created_at: string;
  expires_at: string;
  accepted_at: string | null;
}

export interface LoginFailuresTable {
  id: Generated<number>;
  email: string;
  ip: string;
  at: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  account_id: string;
  at: string;
  actor_user_id: string | null;
  actor: string;
  action: string;
  target: string | null;
  ip: string | null;
}

export interface MerchantInvoicesTable {
  seq: Generated<number>;
  id: string;
  account_id: string;
  custom_id: string | null;
  customer_id: string | null;
  status: string;
  status_context: string | null;
  address: string;
  network: string;
  price_amount: string;
  price_currency: string;
  fee: string;
  fee_currency: string;
  pay_amount: string;
  pay_currency: string;
  paid_amount: string;
  exchange_rate: string;
  /** JSON array of the invoice's transactions. */
  transactions: string;
  name: string | null;
  description: string | null;
  /** JSON object, or null. */
  metadata: string | null;
  success_redirect_url: string | null;
  unsuccess_redirect_url: string | null;
  created_at: string;
  expires_at: string;
  updated_at: string;
}

/** Ledger of the merchant's sandbox currency accounts; a balance is the sum of its rows. */
export interface MerchantTransactionsTable {
  seq: Generated<number>;
  id: string;
  account_id: string;
  currency: string;
  /** Signed decimal string. */
  amount: string;
  reference_type: string;
  reference_id: string;
  description: string;
  created_at: string;
}

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

export type CallbackStatus = 'pending' | 'delivered' | 'failed' | 'not_sent';

/** The durable outbox: one row per event, written in the transaction of the change it reports. */
export interface CallbacksTable {
  seq: Generated<number>;
  id: string;
  account_id: string;
  /** Stable across retries and resends: what receivers de-duplicate on. */
  event_id: string;
  type: string;
  event: string;
  /** The exact JSON text sent and signed, frozen when the event happened. */
  body: string;
  status: CallbackStatus;
  /** URL of the latest attempt (the account's URL at send time). */
  url: string | null;
  attempt_count: Generated<number>;
  /** Failures since the last (re)send: drives the retry schedule. */
  cycle_failures: Generated<number>;
  next_attempt_at: string | null;
  lease_owner: string | null;
  lease_until: string | null;
  created_at: string;
  delivered_at: string | null;
}

export interface CallbackAttemptsTable {
  id: Generated<number>;
  callback_id: string;
  attempt: number;
  at: string;
  url: string | null;
  http_status: number | null;
  error: string | null;
  duration_ms: number;
  response_excerpt: string | null;
}

export interface Database {
  accounts: AccountsTable;
  users: UsersTable;
  sessions: SessionsTable;
  invitations: InvitationsTable;
  login_failures: LoginFailuresTable;
  audit_log: AuditLogTable;
  callbacks: CallbacksTable;
  callback_attempts: CallbackAttemptsTable;
  api_keys: ApiKeysTable;
  merchant_invoices: MerchantInvoicesTable;
  merchant_transactions: MerchantTransactionsTable;
}
