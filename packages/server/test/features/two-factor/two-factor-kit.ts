import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { Secret, TOTP } from 'otpauth';
import { expect } from 'vitest';
import { DashboardUser, sessionCookie, type TestApp } from '../../support/test-app.js';

/**
 * What an authenticator app shows for `secret` at `at`: computed with the TOTP library directly
 * (SHA-1, 6 digits, 30 s, the standard), not with the server's own wrapper.
 */
export function totpAt(secret: string, at: Date): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: at.getTime() });
}

/** The code of the step `steps` away from the test app's clock. */
export const codeNow = (t: TestApp, secret: string, steps = 0) =>
  totpAt(secret, new Date(t.clock.now.getTime() + steps * 30_000));

/** Moves the test clock to the start of the next 30-second step, so each code is fresh. */
export function nextStep(t: TestApp): void {
  const ms = t.clock.now.getTime();
  t.clock.advance(30_000 - (ms % 30_000) + 1);
}

/** Starts and confirms an enrolment for `user`; returns the secret and the recovery codes. */
export async function enrol(t: TestApp, user: DashboardUser): Promise<{ secret: string; codes: string[] }> {
  const started = await user.request('POST', '/2fa/totp');
  expect(started.statusCode, started.body).toBe(201);
  const { secret } = started.json() as { secret: string };
  const confirmed = await user.request('POST', '/2fa/totp/confirm', { code: codeNow(t, secret) });
  expect(confirmed.statusCode, confirmed.body).toBe(200);
  // The confirming code's step is used up: the next call needing a code gets a fresh one.
  nextStep(t);
  return { secret, codes: (confirmed.json() as { recovery_codes: string[] }).recovery_codes };
}

export function loginRequest(app: FastifyInstance, email: string, password: string, totp?: string) {
  return app.inject({
    method: 'POST',
    url: '/dashboard/api/session',
    payload: totp === undefined ? { email, password } : { email, password, totp },
  });
}

export function asUser(app: FastifyInstance, res: LightMyRequestResponse): DashboardUser {
  const body = res.json();
  return new DashboardUser(app, sessionCookie(res), body.csrf_token, body);
}

/** The reason of the envelope's first detail (`totp_required`, `invalid_totp`, …). */
export const reasonOf = (res: LightMyRequestResponse) =>
  (res.json() as { error: { details: { reason?: string }[] } }).error.details[0]?.reason;

export async function auditActions(t: TestApp, accountId: string): Promise<string[]> {
  const rows = await t.ctx.db.kysely
    .selectFrom('audit_log')
    .select('action')
    .where('account_id', '=', accountId)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.action);
}
