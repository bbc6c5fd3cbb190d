import { sql, type Kysely, type Transaction } from 'kysely';
import type { AppContext } from '../context.js';
import type { Database } from '../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

/**
 * How a change to a key (created, deleted) or to an account's status reaches every cache of key
 * look-ups. Locally the caches subscribe here; across instances sharing PostgreSQL the change is a
 * NOTIFY sent inside the changing transaction, so it is delivered exactly when the change commits
 * (and never for a rolled-back one). The caches' bounded staleness covers a missed NOTIFY.
 */
export type KeyChange = { apiKey: string } | { accountId: string };

const CHANNEL_PREFIX = 'signet_api_keys_';

/**
 * One channel per PostgreSQL schema: NOTIFY is database-wide, and instances on another schema
 * (another deployment, or a parallel test) have nothing to invalidate.
 */
export const channelSql = sql<string>`${CHANNEL_PREFIX} || left(current_schema(), 40)`;

export const encodeKeyChange = (c: KeyChange) =>
  'apiKey' in c ? `key:${c.apiKey}` : `account:${c.accountId}`;

export function decodeKeyChange(payload: string): KeyChange | null {
  if (payload.startsWith('key:')) return { apiKey: payload.slice(4) };
  if (payload.startsWith('account:')) return { accountId: payload.slice(8) };
  return null;
}

/** Call inside the transaction that makes the change. A no-op on SQLite (one process per file). */
export async function announceKeyChange(ctx: AppContext, db: Executor, change: KeyChange): Promise<void> {
  if (ctx.db.dialect !== 'postgres') return;
  await sql`select pg_notify(${channelSql}, ${encodeKeyChange(change)})`.execute(db);
}

type Listener = (change: KeyChange) => void;
const listeners = new WeakMap<AppContext, Set<Listener>>();

/** Subscribes this process's caches of `ctx` to changes; returns the unsubscribe function. */
export function onKeyChange(ctx: AppContext, listener: Listener): () => void {
  let set = listeners.get(ctx);
  if (!set) listeners.set(ctx, (set = new Set()));
  set.add(listener);
  return () => set.delete(listener);
}

/** Call after the changing transaction commits: this instance forgets the key at once. */
export function publishKeyChange(ctx: AppContext, change: KeyChange): void {
  for (const listener of listeners.get(ctx) ?? []) listener(change);
}
