import type { AppContext } from '../../platform/context.js';
import type { Executor } from '../../platform/db/database.js';

/** AAD for a sealed TOTP secret: the ciphertext only opens on the user row it was written for. */
export const totpSecretContext = (userId: string) => `two_factor_totp:${userId}:secret`;

export interface StoredTotp {
  /** Base32, decrypted. */
  secret: string;
  /** The sealed secret as stored: a conditional update names the very secret it checked a code against. */
  ciphertext: string;
  createdAt: string;
  confirmedAt: string | null;
  lastUsedStep: number | null;
}

export async function findTotp(ctx: AppContext, db: Executor, userId: string): Promise<StoredTotp | null> {
  const row = await db
    .selectFrom('two_factor_totp')
    .selectAll()
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    secret: ctx.keyring.open(
      { keyId: row.secret_key_id, ciphertext: row.secret_enc },
      totpSecretContext(userId),
    ),
    ciphertext: row.secret_enc,
    createdAt: row.created_at,
    confirmedAt: row.confirmed_at,
    lastUsedStep: row.last_used_step === null ? null : Number(row.last_used_step),
  };
}

/** When the user's authenticator was confirmed; null when they have none (or only a pending one). */
export async function findConfirmedAt(db: Executor, userId: string): Promise<string | null> {
  const row = await db
    .selectFrom('two_factor_totp')
    .select('confirmed_at')
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row?.confirmed_at ?? null;
}

/**
 * Starts (or restarts) an enrolment with a new secret, replacing a pending one; false when the user
 * already has a confirmed authenticator. One statement, so concurrent starts cannot collide.
 */
export async function savePendingTotp(
  ctx: AppContext,
  db: Executor,
  userId: string,
  secret: string,
  nowIso: string,
): Promise<boolean> {
  const sealed = ctx.keyring.seal(secret, totpSecretContext(userId));
  const res = await db
    .insertInto('two_factor_totp')
    .values({
      user_id: userId,
      secret_enc: sealed.ciphertext,
      secret_key_id: sealed.keyId,
      created_at: nowIso,
      confirmed_at: null,
      last_used_step: null,
    })
    .onConflict((oc) =>
      oc
        .column('user_id')
        .doUpdateSet({
          secret_enc: sealed.ciphertext,
          secret_key_id: sealed.keyId,
          created_at: nowIso,
          last_used_step: null,
        })
        .where('two_factor_totp.confirmed_at', 'is', null),
    )
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) === 1;
}

/**
 * Confirms the pending enrolment with the step of its first code; false when it is no longer
 * pending with that secret (confirmed meanwhile, or restarted with another secret).
 */
export async function confirmTotp(
  db: Executor,
  userId: string,
  ciphertext: string,
  step: number,
  nowIso: string,
): Promise<boolean> {
  const res = await db
    .updateTable('two_factor_totp')
    .set({ confirmed_at: nowIso, last_used_step: step })
    .where('user_id', '=', userId)
    .where('secret_enc', '=', ciphertext)
    .where('confirmed_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/**
 * Uses up a time-step: only when it is later than the last one used. The conditional update is
 * what makes a code single use under concurrent requests and across instances.
 */
export async function claimTotpStep(db: Executor, userId: string, step: number): Promise<boolean> {
  const res = await db
    .updateTable('two_factor_totp')
    .set({ last_used_step: step })
    .where('user_id', '=', userId)
    .where('confirmed_at', 'is not', null)
    .where((eb) => eb.or([eb('last_used_step', 'is', null), eb('last_used_step', '<', step)]))
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function deleteTwoFactor(db: Executor, userId: string): Promise<void> {
  await db.deleteFrom('two_factor_recovery_codes').where('user_id', '=', userId).execute();
  await db.deleteFrom('two_factor_totp').where('user_id', '=', userId).execute();
}

/** Replaces every recovery code of the user with these (hashes). */
export async function replaceRecoveryCodes(
  db: Executor,
  userId: string,
  hashes: readonly string[],
  nowIso: string,
): Promise<void> {
  await db.deleteFrom('two_factor_recovery_codes').where('user_id', '=', userId).execute();
  await db
    .insertInto('two_factor_recovery_codes')
    .values(hashes.map((code_hash) => ({ user_id: userId, code_hash, created_at: nowIso, used_at: null })))
    .execute();
}

/** Marks a recovery code used; false when it is unknown or was used already (single use under concurrency). */
export async function claimRecoveryCode(
  db: Executor,
  userId: string,
  codeHash: string,
  nowIso: string,
): Promise<boolean> {
  const res = await db
    .updateTable('two_factor_recovery_codes')
    .set({ used_at: nowIso })
    .where('user_id', '=', userId)
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function countUnusedRecoveryCodes(db: Executor, userId: string): Promise<number> {
  const row = await db
    .selectFrom('two_factor_recovery_codes')
    .select(({ fn }) => fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// ── the wrong-code throttle (factor-throttle.ts) ──

export async function countFactorFailuresSince(
  db: Executor,
  userId: string,
  sinceIso: string,
): Promise<number> {
  const row = await db
    .selectFrom('two_factor_failures')
    .select(({ fn }) => fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('at', '>', sinceIso)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertFactorFailure(db: Executor, userId: string, atIso: string): Promise<void> {
  await db.insertInto('two_factor_failures').values({ user_id: userId, at: atIso }).execute();
}

export async function deleteFactorFailuresBefore(db: Executor, beforeIso: string): Promise<void> {
  await db.deleteFrom('two_factor_failures').where('at', '<', beforeIso).execute();
}

export async function deleteFactorFailuresOf(db: Executor, userId: string): Promise<void> {
  await db.deleteFrom('two_factor_failures').where('user_id', '=', userId).execute();
}
