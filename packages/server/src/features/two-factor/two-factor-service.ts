import type { AppContext } from '../../platform/context.js';
import { verifyPassword } from '../../platform/crypto/password.js';
import { tx, type Tx } from '../../platform/db/tx.js';
import { ApiError, conflict, fieldError } from '../../platform/http/errors.js';
import {
  findCredentials,
  markSteppedUp,
  type ActiveSession,
  type LoginSecondFactor,
} from '../sessions/index.js';
import { FACTOR_THROTTLE, isFactorThrottled } from './factor-throttle.js';
import { hashRecoveryCode, newRecoveryCodes, readCode } from './recovery-codes.js';
import { stepUpState } from './step-up.js';
import { matchingSteps, newTotpSecret, otpauthUrl } from './totp.js';
import { decideTotp } from './totp-window.js';
import type { StepUpBody, TotpEnrolmentView, TwoFactorStatusView } from './two-factor.schemas.js';
import {
  claimRecoveryCode,
  claimTotpStep,
  confirmTotp,
  countFactorFailuresSince,
  countUnusedRecoveryCodes,
  deleteFactorFailuresBefore,
  deleteFactorFailuresOf,
  deleteTwoFactor,
  findConfirmedAt,
  findTotp,
  insertFactorFailure,
  replaceRecoveryCodes,
  savePendingTotp,
} from './two-factor-store.js';

/** The person a two-factor action is about, and where the request came from (for the audit line). */
export interface FactorUser {
  userId: string;
  email: string;
  accountId: string;
  ip: string;
}

export const factorUserOf = (session: ActiveSession, ip: string): FactorUser => ({
  userId: session.user.id,
  email: session.user.email,
  accountId: session.account.id,
  ip,
});

const actorOf = (who: FactorUser) => ({ userId: who.userId, email: who.email });

/** Whether the user has a confirmed authenticator (what login, step-up and the policy go by). */
export async function isEnrolled(ctx: AppContext, userId: string): Promise<boolean> {
  return (await findConfirmedAt(ctx.db.kysely, userId)) !== null;
}

// ── the wrong-code throttle ──

async function assertFactorNotThrottled(ctx: AppContext, userId: string): Promise<void> {
  const since = new Date(ctx.now().getTime() - FACTOR_THROTTLE.windowMs).toISOString();
  if (isFactorThrottled(await countFactorFailuresSince(ctx.db.kysely, userId, since)))
    throw new ApiError(429, 'rate_limited', 'too many wrong codes or passwords; try again later', [], {
      'retry-after': String(FACTOR_THROTTLE.windowMs / 1000),
    });
}

async function recordFactorFailure(ctx: AppContext, userId: string): Promise<void> {
  await tx(ctx, async (t) => {
    await insertFactorFailure(t.db, userId, t.now.toISOString());
    // Rows older than the window can never count again.
    await deleteFactorFailuresBefore(
      t.db,
      new Date(t.now.getTime() - FACTOR_THROTTLE.windowMs).toISOString(),
    );
  });
}

// ── checking a code ──

/**
 * Checks a code against the user's confirmed authenticator or unused recovery codes and uses it
 * up, in the caller's transaction: a TOTP code's time-step is claimed (no replay within its window,
 * nor of any earlier code), a recovery code is marked used (and audited). Null when it is not good.
 */
async function useSecondFactor(
  ctx: AppContext,
  t: Tx,
  who: FactorUser,
  code: string,
  purpose: string,
): Promise<'totp' | 'recovery' | null> {
  const given = readCode(code);
  if (!given) return null;
  if (given.kind === 'totp') {
    const totp = await findTotp(ctx, t.db, who.userId);
    if (!totp?.confirmedAt) return null;
    const decision = decideTotp(matchingSteps(totp.secret, given.code, t.now), totp.lastUsedStep);
    if (!decision.accepted) return null;
    // Lost to a concurrent request with the same code: that is a replay too.
    return (await claimTotpStep(t.db, who.userId, decision.step)) ? 'totp' : null;
  }
  const hash = hashRecoveryCode(who.userId, given.code);
  if (!(await claimRecoveryCode(t.db, who.userId, hash, t.now.toISOString()))) return null;
  await t.audit({
    accountId: who.accountId,
    actor: actorOf(who),
    action: 'two_factor.recovery_code_used',
    target: purpose,
    ip: who.ip,
  });
  return 'recovery';
}

const invalidCode = () =>
  fieldError(
    'code',
    'is not valid: enter the current code of your authenticator app, or an unused recovery code',
  );

/** The login's second factor (the sessions feature asks it through `app.loginSecondFactor`). */
export const loginSecondFactor: LoginSecondFactor = {
  async check(ctx, { user, account }, code, ip) {
    if (!(await isEnrolled(ctx, user.id))) return 'ok';
    if (!code || code.trim() === '') return 'missing';
    const who = { userId: user.id, email: user.email, accountId: account.id, ip };
    const used = await tx(ctx, (t) => useSecondFactor(ctx, t, who, code, 'login'));
    return used ? 'ok' : 'wrong';
  },
};

// ── status ──

export async function twoFactorStatus(ctx: AppContext, session: ActiveSession): Promise<TwoFactorStatusView> {
  const confirmedAt = await findConfirmedAt(ctx.db.kysely, session.user.id);
  const step = stepUpState(session.stepUpAt, ctx.now(), ctx.config.stepUpMs);
  return {
    enabled: confirmedAt !== null,
    enabled_at: confirmedAt,
    recovery_codes_remaining: confirmedAt
      ? await countUnusedRecoveryCodes(ctx.db.kysely, session.user.id)
      : 0,
    required: ctx.config.require2fa,
    step_up: {
      factor: confirmedAt ? 'totp' : 'password',
      fresh_until: step.fresh && step.freshUntil ? step.freshUntil.toISOString() : null,
    },
  };
}

// ── enrolment ──

const alreadyEnabled = () =>
  conflict('two-factor authentication is already on; turn it off before enrolling another authenticator', [
    { reason: 'already_enabled' },
  ]);

/**
 * Starts an enrolment (or restarts a pending one) with a new secret. The secret is returned this
 * once, for the QR code and manual entry; from then on it exists only sealed in the database.
 */
export async function startEnrolment(ctx: AppContext, who: FactorUser): Promise<TotpEnrolmentView> {
  const secret = newTotpSecret();
  const saved = await tx(ctx, (t) => savePendingTotp(ctx, t.db, who.userId, secret, t.now.toISOString()));
  if (!saved) throw alreadyEnabled();
  return { secret, otpauth_url: otpauthUrl(secret, who.email) };
}

/**
 * Confirms the pending enrolment with a first code from the app, which turns two-factor
 * authentication on, and returns ten new recovery codes (shown once; only their hashes are kept).
 */
export async function confirmEnrolment(ctx: AppContext, who: FactorUser, code: string): Promise<string[]> {
  await assertFactorNotThrottled(ctx, who.userId);
  const totp = await findTotp(ctx, ctx.db.kysely, who.userId);
  if (!totp)
    throw conflict('there is no enrolment to confirm: start one first', [{ reason: 'no_enrolment' }]);
  if (totp.confirmedAt) throw alreadyEnabled();
  const given = readCode(code);
  const decision =
    given?.kind === 'totp' ? decideTotp(matchingSteps(totp.secret, given.code, ctx.now()), null) : null;
  if (!decision?.accepted) {
    await recordFactorFailure(ctx, who.userId);
    throw fieldError('code', 'is not the current code of your authenticator app');
  }
  const codes = newRecoveryCodes();
  const confirmed = await tx(ctx, async (t) => {
    const now = t.now.toISOString();
    if (!(await confirmTotp(t.db, who.userId, totp.ciphertext, decision.step, now))) return false;
    const hashes = codes.map((c) => hashRecoveryCode(who.userId, readCode(c)!.code));
    await replaceRecoveryCodes(t.db, who.userId, hashes, now);
    await deleteFactorFailuresOf(t.db, who.userId);
    await t.audit({
      accountId: who.accountId,
      actor: actorOf(who),
      action: 'two_factor.enabled',
      target: who.email,
      ip: who.ip,
    });
    return true;
  });
  // Confirmed or restarted by a concurrent request meanwhile.
  if (!confirmed)
    throw conflict('the enrolment changed meanwhile; start again', [{ reason: 'no_enrolment' }]);
  return codes;
}

const notEnabled = () => conflict('two-factor authentication is not on', [{ reason: 'not_enabled' }]);

/** Turns two-factor authentication off; the code (authenticator or recovery) is the proof. */
export async function disableTwoFactor(ctx: AppContext, who: FactorUser, code: string): Promise<void> {
  await assertFactorNotThrottled(ctx, who.userId);
  if (!(await isEnrolled(ctx, who.userId))) throw notEnabled();
  const disabled = await tx(ctx, async (t) => {
    const used = await useSecondFactor(ctx, t, who, code, 'turning two-factor authentication off');
    if (!used) return false;
    await deleteTwoFactor(t.db, who.userId);
    await deleteFactorFailuresOf(t.db, who.userId);
    await t.audit({
      accountId: who.accountId,
      actor: actorOf(who),
      action: 'two_factor.disabled',
      target: who.email,
      ip: who.ip,
    });
    return true;
  });
  if (!disabled) {
    await recordFactorFailure(ctx, who.userId);
    throw invalidCode();
  }
}

/** Ten new recovery codes; the old ones stop working. */
export async function regenerateRecoveryCodes(ctx: AppContext, who: FactorUser): Promise<string[]> {
  const codes = newRecoveryCodes();
  const done = await tx(ctx, async (t) => {
    if (!(await findConfirmedAt(t.db, who.userId))) return false;
    const hashes = codes.map((c) => hashRecoveryCode(who.userId, readCode(c)!.code));
    await replaceRecoveryCodes(t.db, who.userId, hashes, t.now.toISOString());
    await t.audit({
      accountId: who.accountId,
      actor: actorOf(who),
      action: 'two_factor.recovery_codes_regenerated',
      target: who.email,
      ip: who.ip,
    });
    return true;
  });
  if (!done) throw notEnabled();
  return codes;
}

// ── step-up ──

/**
 * Proves the user afresh on this session: with a code when they have two-factor authentication
 * (the password alone is not enough then), else with the password. Credential actions then pass
 * for SIGNET_STEP_UP_MINUTES.
 */
export async function stepUp(ctx: AppContext, session: ActiveSession, body: StepUpBody, ip: string) {
  const who = factorUserOf(session, ip);
  await assertFactorNotThrottled(ctx, who.userId);
  const enrolled = await isEnrolled(ctx, who.userId);
  if (enrolled && body.code === undefined)
    throw fieldError('code', 'is required: enter a code from your authenticator app, or a recovery code');
  if (!enrolled && body.password === undefined) throw fieldError('password', 'is required');

  // The password (slow on purpose) is checked before the transaction; a code is used up inside it.
  const passwordOk =
    !enrolled && (await passwordMatches(ctx, who, body.password!)) ? ('password' as const) : null;
  const factor = await tx(ctx, async (t) => {
    const used = enrolled ? await useSecondFactor(ctx, t, who, body.code!, 'step-up') : passwordOk;
    if (!used) return null;
    await markSteppedUp(t.db, session.idHash, t.now.toISOString());
    await deleteFactorFailuresOf(t.db, who.userId);
    await t.audit({
      accountId: who.accountId,
      actor: actorOf(who),
      action: 'session.stepped_up',
      target: used === 'totp' ? 'authenticator code' : used === 'recovery' ? 'recovery code' : 'password',
      ip,
    });
    return used;
  });
  if (!factor) {
    await recordFactorFailure(ctx, who.userId);
    throw enrolled ? invalidCode() : fieldError('password', 'is incorrect');
  }
}

async function passwordMatches(ctx: AppContext, who: FactorUser, password: string): Promise<boolean> {
  const found = await findCredentials(ctx.db.kysely, who.email);
  return found?.user.id === who.userId && (await verifyPassword(found.passwordHash, password));
}

// ── operator ──

/**
 * `signet two-factor reset <email>`: an operator turns a user's two-factor authentication off (a
 * lost phone and no recovery code). The user logs in with the password alone and may enrol again.
 * False when nobody has that e-mail; true also when the user had none.
 */
export async function resetTwoFactor(ctx: AppContext, email: string, operator: string): Promise<boolean> {
  const found = await findCredentials(ctx.db.kysely, email.trim().toLowerCase());
  if (!found) return false;
  await tx(ctx, async (t) => {
    const had = (await findConfirmedAt(t.db, found.user.id)) !== null;
    await deleteTwoFactor(t.db, found.user.id);
    await deleteFactorFailuresOf(t.db, found.user.id);
    if (had)
      await t.audit({
        accountId: found.account.id,
        actor: { operator },
        action: 'two_factor.disabled',
        target: `${found.user.email} (reset by the operator)`,
      });
  });
  return true;
}
