import { Secret } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { FACTOR_THROTTLE, isFactorThrottled } from '../../../src/features/two-factor/factor-throttle.js';
import {
  hashRecoveryCode,
  newRecoveryCode,
  newRecoveryCodes,
  readCode,
  RECOVERY_CODE_COUNT,
} from '../../../src/features/two-factor/recovery-codes.js';
import { stepUpState } from '../../../src/features/two-factor/step-up.js';
import { codeAtStep, matchingSteps, otpauthUrl } from '../../../src/features/two-factor/totp.js';
import {
  candidateSteps,
  decideTotp,
  timeStepAt,
  TOTP_WINDOW,
} from '../../../src/features/two-factor/totp-window.js';

// RFC 6238 appendix B: the SHA-1 seed, and the 8-digit values whose last 6 digits a 6-digit TOTP shows.
const RFC_SECRET = Secret.fromLatin1('12345678901234567890').base32;
const RFC_VECTORS: [number, string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
];

describe('TOTP (RFC 6238)', () => {
  it('computes the RFC test vectors (SHA-1, 30 s steps, 6 digits)', () => {
    for (const [seconds, eight] of RFC_VECTORS) {
      const at = new Date(seconds * 1000);
      expect(codeAtStep(RFC_SECRET, timeStepAt(at))).toBe(eight.slice(-6));
    }
  });

  it('the window is the step before, the current step and the step after', () => {
    const at = new Date(1111111111 * 1000);
    const step = timeStepAt(at);
    expect(TOTP_WINDOW).toBe(1);
    expect(candidateSteps(at)).toEqual([step - 1, step, step + 1]);
    for (const d of [-1, 0, 1])
      expect(matchingSteps(RFC_SECRET, codeAtStep(RFC_SECRET, step + d), at)).toEqual([step + d]);
    expect(matchingSteps(RFC_SECRET, codeAtStep(RFC_SECRET, step + 2), at)).toEqual([]);
    expect(matchingSteps(RFC_SECRET, codeAtStep(RFC_SECRET, step - 2), at)).toEqual([]);
    expect(matchingSteps(RFC_SECRET, '12345', at)).toEqual([]);
  });

  it('decides: unknown codes are invalid, a step at or before the last used one is a replay', () => {
    expect(decideTotp([], null)).toEqual({ accepted: false, reason: 'invalid' });
    expect(decideTotp([100], null)).toEqual({ accepted: true, step: 100 });
    expect(decideTotp([100], 99)).toEqual({ accepted: true, step: 100 });
    expect(decideTotp([100], 100)).toEqual({ accepted: false, reason: 'replayed' });
    expect(decideTotp([99], 100)).toEqual({ accepted: false, reason: 'replayed' });
    // Two candidate steps with the same code (a one-in-a-million collision): the later one is used up.
    expect(decideTotp([99, 101], 98)).toEqual({ accepted: true, step: 101 });
    expect(decideTotp([99, 101], 100)).toEqual({ accepted: true, step: 101 });
  });

  it('the otpauth URL carries the standard parameters an app needs', () => {
    const url = new URL(otpauthUrl(RFC_SECRET, 'root@example.com'));
    expect(url.protocol).toBe('otpauth:');
    expect(url.host).toBe('totp');
    expect(decodeURIComponent(url.pathname)).toBe('/Signet:root@example.com');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      issuer: 'Signet',
      secret: RFC_SECRET,
      algorithm: 'SHA1',
      digits: '6',
      period: '30',
    });
  });
});

describe('step-up freshness', () => {
  const at = new Date('2030-01-01T00:00:00Z');
  const window = 10 * 60_000;
  it('is fresh strictly within the window after the last proof', () => {
    expect(stepUpState(at, at, window)).toEqual({ fresh: true, freshUntil: new Date(at.getTime() + window) });
    expect(stepUpState(at, new Date(at.getTime() + window - 1), window).fresh).toBe(true);
    expect(stepUpState(at, new Date(at.getTime() + window), window).fresh).toBe(false);
    expect(stepUpState(at, new Date(at.getTime() + 3 * window), window).fresh).toBe(false);
  });
  it('a session with no proof is never fresh', () => {
    expect(stepUpState(null, at, window)).toEqual({ fresh: false, freshUntil: null });
  });
});

describe('recovery codes', () => {
  it('are ten distinct 16-character codes in groups of four', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(new Set(codes).size).toBe(RECOVERY_CODE_COUNT);
    for (const c of codes) expect(c).toMatch(/^[a-km-np-z2-9]{4}(-[a-km-np-z2-9]{4}){3}$/);
  });

  it('read back however they are typed; a 6-digit code is a TOTP code; anything else is nothing', () => {
    const code = newRecoveryCode();
    const compact = code.replace(/-/g, '');
    expect(readCode(code)).toEqual({ kind: 'recovery', code: compact });
    expect(readCode(` ${code.toUpperCase().replace(/-/g, ' ')} `)).toEqual({
      kind: 'recovery',
      code: compact,
    });
    expect(readCode(compact)).toEqual({ kind: 'recovery', code: compact });
    expect(readCode('123456')).toEqual({ kind: 'totp', code: '123456' });
    expect(readCode('123 456')).toEqual({ kind: 'totp', code: '123456' });
    expect(readCode('12345')).toBeNull();
    expect(readCode('1234567')).toBeNull();
    expect(readCode('abcd-efgh-ijkl-mnop')).toBeNull(); // l and o are not in the alphabet
    expect(readCode('')).toBeNull();
  });

  it('are hashed per user: the hash is neither the code nor the same for another user', () => {
    const code = readCode(newRecoveryCode())!.code;
    const h = hashRecoveryCode('user-1', code);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(h).not.toContain(code);
    expect(hashRecoveryCode('user-2', code)).not.toBe(h);
  });
});

describe('the wrong-code throttle', () => {
  it('refuses once the window holds the maximum of failures', () => {
    expect(isFactorThrottled(FACTOR_THROTTLE.maxFailures - 1)).toBe(false);
    expect(isFactorThrottled(FACTOR_THROTTLE.maxFailures)).toBe(true);
  });
});
