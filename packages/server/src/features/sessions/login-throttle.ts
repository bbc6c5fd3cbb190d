import type { AppContext } from '../../platform/context.js';
import { ApiError } from '../../platform/http/errors.js';

/**
 * Failed logins are counted in the database, not in memory, so the limit holds across every
 * instance sharing it. Per e-mail stops guessing one password; per IP stops spraying many.
 */
export const THROTTLE = { windowMs: 15 * 60_000, maxPerEmail: 5, maxPerIp: 30 } as const;

export function isThrottled(failuresForEmail: number, failuresFromIp: number): boolean {
  return failuresForEmail >= THROTTLE.maxPerEmail || failuresFromIp >= THROTTLE.maxPerIp;
}

async function countSince(ctx: AppContext, column: 'email' | 'ip', value: string, since: string) {
  const row = await ctx.db.kysely
    .selectFrom('login_failures')
    .select(({ fn }) => fn.countAll<number>().as('n'))
    .where(column, '=', value)
    .where('at', '>', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function assertNotThrottled(ctx: AppContext, email: string, ip: string): Promise<void> {
  const since = new Date(ctx.now().getTime() - THROTTLE.windowMs).toISOString();
  const [byEmail, byIp] = await Promise.all([
    countSince(ctx, 'email', email, since),
    countSince(ctx, 'ip', ip, since),
  ]);
  if (isThrottled(byEmail, byIp)) {
    throw new ApiError(429, 'rate_limited', 'too many failed login attempts; try again later', [], {
      'retry-after': String(THROTTLE.windowMs / 1000),
    });
  }
}

export async function recordLoginFailure(ctx: AppContext, email: string, ip: string): Promise<void> {
  const now = ctx.now();
  await ctx.db.kysely.insertInto('login_failures').values({ email, ip, at: now.toISOString() }).execute();
  // Keep the table small: rows older than the window can never count again.
  await ctx.db.kysely
    .deleteFrom('login_failures')
    .where('at', '<', new Date(now.getTime() - THROTTLE.windowMs).toISOString())
    .execute();
}

export async function clearLoginFailures(ctx: AppContext, email: string): Promise<void> {
  await ctx.db.kysely.deleteFrom('login_failures').where('email', '=', email).execute();
}
