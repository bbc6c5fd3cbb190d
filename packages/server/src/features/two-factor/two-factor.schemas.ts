import { z } from 'zod';
import { NUL_MESSAGE, noNul } from '../../platform/http/zod-app.js';

export const twoFactorTags = ['two-factor'];

/** A code as typed: 6 digits from the authenticator app, or (where accepted) a recovery code. */
const codeField = z.string().trim().min(1, 'is required').max(64).refine(noNul, NUL_MESSAGE);

/** `POST /2fa/totp`: the enrolment started; the secret is shown this once and never again. */
export const totpEnrolmentView = z.object({
  secret: z.string().describe('Base32 TOTP secret (SHA-1, 6 digits, 30 s), for manual entry'),
  otpauth_url: z.string().describe('otpauth://totp/… URI, what the QR code holds'),
});
export type TotpEnrolmentView = z.infer<typeof totpEnrolmentView>;

/** `POST /2fa/totp/confirm`, `DELETE /2fa/totp`: a code. */
export const twoFactorCodeBody = z.object({ code: codeField });
export type TwoFactorCodeBody = z.infer<typeof twoFactorCodeBody>;

/** The ten single-use recovery codes, shown once (only their hashes are stored). */
export const recoveryCodesView = z.object({ recovery_codes: z.array(z.string()) });
export type RecoveryCodesView = z.infer<typeof recoveryCodesView>;

/**
 * `POST /session/step-up`: `code` (an authenticator or recovery code) when the user has
 * two-factor authentication, else `password`.
 */
export const stepUpBody = z.object({
  code: codeField.optional(),
  password: z.string().min(1, 'is required').max(256).optional(),
});
export type StepUpBody = z.infer<typeof stepUpBody>;

/** `GET /2fa`: the user's two-factor state and the session's step-up. */
export const twoFactorStatusView = z.object({
  enabled: z.boolean(),
  enabled_at: z.string().nullable(),
  /** Unused recovery codes left (0 when two-factor authentication is off). */
  recovery_codes_remaining: z.number().int(),
  /** The operator requires every user to enrol (SIGNET_REQUIRE_2FA). */
  required: z.boolean(),
  step_up: z.object({
    /** What a step-up asks for: a code when enrolled, else the password. */
    factor: z.enum(['totp', 'password']),
    /** Until when credential actions need no step-up; null when they need one now. */
    fresh_until: z.string().nullable(),
  }),
});
export type TwoFactorStatusView = z.infer<typeof twoFactorStatusView>;
