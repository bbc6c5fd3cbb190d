import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../platform/context.js';
import { isUniqueViolation } from '../../platform/db/errors.js';
import { tx } from '../../platform/db/tx.js';
import { conflict } from '../../platform/http/errors.js';
import { openSession, type StartedSession } from '../sessions/index.js';
import { hashPassword } from '../../platform/crypto/password.js';
import { insertUser } from '../users/index.js';
import { insertAccount } from './account-store.js';
import { claimSignup, releaseSignup, sweepSignups } from './signup-attempts.js';

export interface Signup {
  businessName: string;
  email: string;
  password: string;
  ip: string;
}

/**
 * Creates the account, its Root user and a session, in one transaction, once the signup limits
 * (per source address and in total, SIGNET_SIGNUP_*) let it: else 429 `rate_limited`.
 */
export async function signUp(ctx: AppContext, input: Signup): Promise<StartedSession> {
  // Claimed before the costly password hash, so parallel signups count each other.
  const claim = await claimSignup(ctx, input.ip);
  // Sandbox mode is a local playground: no operator is there to activate accounts.
  const status = ctx.config.mode === 'sandbox' ? 'active' : 'pending';
  try {
    const passwordHash = await hashPassword(input.password);
    return await tx(ctx, async (t) => {
      await sweepSignups(t.db, t.now);
      const created = await insertAccount(ctx, t.db, input.businessName, status);
      const user = { id: randomUUID(), email: input.email, role: 'root' as const };
      await insertUser(t.db, {
        ...user,
        accountId: created.id,
        passwordHash,
        createdAt: created.created_at,
      });
      await t.audit({
        accountId: created.id,
        actor: { userId: user.id, email: user.email },
        action: 'account.created',
        target: created.id,
        ip: input.ip,
      });
      const account = { id: created.id, name: created.name, status: created.status };
      return { user, account, ...(await openSession(ctx, t.db, user.id)) };
    });
  } catch (err) {
    // Caught outside the transaction: on PostgreSQL the failed insert has aborted it. A taken
    // e-mail still counts as a signup (it cost a hash, and probing addresses is what it limits).
    if (isUniqueViolation(err))
      throw conflict('this e-mail address cannot sign up; if it is yours, log in instead', [
        { field: 'email' },
      ]);
    await releaseSignup(ctx, claim).catch(() => undefined);
    throw err;
  }
}
