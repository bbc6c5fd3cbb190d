import { randomBytes, timingSafeEqual } from 'node:crypto';
import { HOTP, Secret, TOTP } from 'otpauth';
import { candidateSteps, TOTP_PARAMS } from './totp-window.js';

/** The issuer authenticator apps show beside the account. */
export const TOTP_ISSUER = 'Signet';

/** A new TOTP secret: 20 random bytes (160 bits, RFC 4226's recommendation), base32 as apps expect it. */
export function newTotpSecret(): string {
  return new Secret({ buffer: new Uint8Array(randomBytes(20)).buffer }).base32;
}

/** The `otpauth://totp/…` URI an authenticator app reads from the QR code. */
export function otpauthUrl(secretBase32: string, accountName: string): string {
  return new TOTP({
    issuer: TOTP_ISSUER,
    label: accountName,
    secret: Secret.fromBase32(secretBase32),
    algorithm: TOTP_PARAMS.algorithm,
    digits: TOTP_PARAMS.digits,
    period: TOTP_PARAMS.periodSeconds,
  }).toString();
}

/** The code of one time-step (HOTP with the step as counter). */
export function codeAtStep(secretBase32: string, step: number): string {
  return HOTP.generate({
    secret: Secret.fromBase32(secretBase32),
    counter: step,
    algorithm: TOTP_PARAMS.algorithm,
    digits: TOTP_PARAMS.digits,
  });
}

/**
 * The candidate steps (see totp-window.ts) whose code equals `code`, compared in constant time and
 * every candidate computed, so timing tells nothing about which (if any) matched.
 */
export function matchingSteps(secretBase32: string, code: string, now: Date): number[] {
  const given = Buffer.from(code);
  return candidateSteps(now).filter((step) => {
    const expected = Buffer.from(codeAtStep(secretBase32, step));
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
}
