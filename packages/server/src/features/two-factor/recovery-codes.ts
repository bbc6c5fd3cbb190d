import { createHash, randomBytes } from 'node:crypto';

/** How many recovery codes an enrolment gives; each works once. */
export const RECOVERY_CODE_COUNT = 10;

/** 32 characters without the look-alikes l/1 and o/0, so a code copied from paper reads back right. */
const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';
const CODE_LENGTH = 16;
const GROUP = 4;

/** A recovery code: 16 characters (80 bits), shown as `xxxx-xxxx-xxxx-xxxx`. */
export function newRecoveryCode(): string {
  const bytes = randomBytes(CODE_LENGTH);
  let code = '';
  // 256 is a multiple of 32: `& 31` picks every character equally often.
  for (const b of bytes) code += ALPHABET[b & 31];
  return code.match(new RegExp(`.{${GROUP}}`, 'g'))!.join('-');
}

export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
}

/** The stored form: SHA-256 of the user and the code (80 random bits need no slow hash). */
export function hashRecoveryCode(userId: string, normalised: string): string {
  return createHash('sha256').update(`${userId}:${normalised}`).digest('hex');
}

/** What a code someone typed is: a TOTP code, a recovery code (normalised), or neither. */
export type GivenCode = { kind: 'totp'; code: string } | { kind: 'recovery'; code: string };

/**
 * Reads a typed code: 6 digits (spaces allowed, as apps show `123 456`) are a TOTP code; 16
 * characters of the recovery alphabet, in any case, with or without dashes and spaces, a recovery
 * code. Anything else is null.
 */
export function readCode(input: string): GivenCode | null {
  const compact = input.replace(/[\s-]/g, '').toLowerCase();
  if (/^\d{6}$/.test(compact)) return { kind: 'totp', code: compact };
  if (compact.length === CODE_LENGTH && [...compact].every((ch) => ALPHABET.includes(ch)))
    return { kind: 'recovery', code: compact };
  return null;
}
