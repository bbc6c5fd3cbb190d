import type { Generated } from 'kysely';

/**
 * One login attempt, written before its password is checked (login-attempt-store.ts): `pending`
 * while it is being verified, `failed` once it was wrong. A refused attempt and a right password
 * delete their own row; a right password also deletes its (e-mail, address) pair's failures.
 */
export interface LoginAttemptsTable {
  id: Generated<number>;
  email: string;
  ip: string;
  at: string;
  state: LoginAttemptState;
}

export type LoginAttemptState = 'pending' | 'failed';

declare module '../../platform/db/database.js' {
  interface Database {
    login_attempts: LoginAttemptsTable;
  }
}
