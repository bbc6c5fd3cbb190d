import type { Generated } from 'kysely';

import type { CALLBACK_SOURCES, CALLBACK_STATUSES } from './callbacks.schemas.js';

/** The stored statuses are the wire's (callbacks.schemas.ts keeps the list: the contract must not load tables). */
export type CallbackStatus = (typeof CALLBACK_STATUSES)[number];
/** `signet`: an event of Signet's own API; `platform`: published through the platform API. */
export type CallbackSource = (typeof CALLBACK_SOURCES)[number];

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
  /** Defaults to `signet` (every row written before the platform API existed). */
  source: Generated<CallbackSource>;
  /** The publisher's `Idempotency-Key` (platform events only); unique per account. */
  idempotency_key: string | null;
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

declare module '../../platform/db/database.js' {
  interface Database {
    callbacks: CallbacksTable;
    callback_attempts: CallbackAttemptsTable;
  }
}
