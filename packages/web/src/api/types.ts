export type Role = 'root' | 'admin' | 'spend' | 'support' | 'create' | 'view';
export type AccountStatus = 'pending' | 'active' | 'suspended';
export type Mode = 'sandbox' | 'production';

export interface User {
  id: string;
  email: string;
  role: Role;
  created_at?: string;
}

export interface Account {
  id: string;
  name: string;
  status: AccountStatus;
  mode?: Mode;
}

export type Capability =
  | 'session'
  | 'users.read'
  | 'users.manage'
  | 'integration'
  | 'audit.read'
  | 'sandbox.read'
  | 'sandbox.simulate';

export interface CapabilityVerdict {
  allowed: boolean;
  reason?: 'role' | 'account_not_activated';
}

export type Capabilities = Record<Capability, CapabilityVerdict>;

export interface SessionPayload {
  user: User;
  account: Account;
  csrf_token: string;
  mode?: Mode;
  capabilities?: Capabilities;
}

export interface Invitation {
  id: string;
  email: string;
  role: Role;
  invitation_url?: string;
  expires_at?: string;
  created_at?: string;
}

export interface UsersResponse {
  data: User[];
  invitations?: Invitation[];
}

export interface Permission {
  id: string;
  description: string;
}

/** Actor / creator fields may come back as a plain string or a small object. */
export type PersonRef = string | { id?: string; email?: string; name?: string } | null | undefined;

export interface ApiKey {
  id: string;
  api_key: string;
  name: string;
  permissions: string[];
  ip_whitelist: string[];
  created_at: string;
  created_by?: PersonRef;
  last_used_at?: string | null;
  last_used_ip?: string | null;
}

export interface CreatedApiKey extends ApiKey {
  api_secret: string;
}

/** `not_sent`: the event happened while the account had no callback URL. */
export type CallbackStatus = 'pending' | 'delivered' | 'failed' | 'not_sent';

export interface CallbackAttempt {
  at: string;
  http_status?: number | null;
  error?: string | null;
  duration_ms?: number | null;
  response_excerpt?: string | null;
}

export interface CallbackDelivery {
  id: string;
  event_id?: string;
  type?: string;
  event?: string;
  url?: string;
  status: CallbackStatus;
  attempts?: CallbackAttempt[];
  next_attempt_at?: string | null;
  created_at: string;
}

export interface AuditEntry {
  id: string;
  at: string;
  actor?: PersonRef;
  action: string;
  target?: PersonRef;
  ip?: string | null;
}

export interface SandboxInvoice {
  id: string;
  custom_id?: string | null;
  status: string;
  status_context?: string | null;
  price_amount: string | number;
  price_currency: string;
  pay_amount?: string | number | null;
  pay_currency?: string | null;
  created_at: string;
}

/** An unpaged list (e.g. the API keys). */
export interface DataList<T> {
  data: T[];
}

/** A cursor-paged list: `meta.has_more` says whether a next page exists. */
export interface ListResponse<T> extends DataList<T> {
  meta: { has_more: boolean };
}
