import type { Generated } from 'kysely';

/** One signup, written before its work starts (signup-attempt-store.ts); kept for an hour. */
export interface SignupAttemptsTable {
  id: Generated<number>;
  ip: string;
  at: string;
}

declare module '../../platform/db/database.js' {
  interface Database {
    signup_attempts: SignupAttemptsTable;
  }
}
