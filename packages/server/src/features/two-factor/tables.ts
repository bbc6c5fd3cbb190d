import type { Generated } from 'kysely';

/**
 * A user's TOTP authenticator (RFC 6238). The secret is sealed under the master key (see
 * `Feature.sealedColumns`); `confirmed_at` is null while the enrolment awaits its first code.
 */
export interface TwoFactorTotpTable {
  user_id: string;
  secret_enc: string;
  secret_key_id: string;
  created_at: string;
  confirmed_at: string | null;
  /** The last time-step whose code was accepted: that code, and every earlier one, never works again. */
  last_used_step: number | null;
}

/** Single-use recovery codes: only a SHA-256 of each is stored, so a copy of the database holds none. */
export interface TwoFactorRecoveryCodesTable {
  user_id: string;
  code_hash: string;
  created_at: string;
  used_at: string | null;
}

/** Wrong codes or passwords given by a signed-in user (step-up, confirm, disable), for the throttle. */
export interface TwoFactorFailuresTable {
  id: Generated<number>;
  user_id: string;
  at: string;
}

declare module '../../platform/db/database.js' {
  interface Database {
    two_factor_totp: TwoFactorTotpTable;
    two_factor_recovery_codes: TwoFactorRecoveryCodesTable;
    two_factor_failures: TwoFactorFailuresTable;
  }
}
