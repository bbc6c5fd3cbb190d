import { z } from 'zod';
import { ACCOUNT_STATUSES, CAPABILITIES, ROLES, type Capability } from '../../core/access/roles.js';

export const loginBody = z.object({
  email: z.string().trim().toLowerCase().min(1, 'is required').max(254),
  password: z.string().min(1, 'is required').max(256),
  /**
   * Once the user has enrolled two-factor authentication: the 6-digit code of their authenticator
   * app, or one of their recovery codes. Without it (or empty) such a login is a 401 with
   * `details[0].reason` `totp_required`; ignored for a user without two-factor authentication.
   */
  totp: z.string().trim().max(64).optional(),
});

/**
 * Who you are and your CSRF token: the body of signup, login and invitation acceptance. Key order
 * is the wire order (the serialiser emits the schema's keys in order).
 */
export const sessionView = z.object({
  user: z.object({ id: z.string(), email: z.string(), role: z.enum(ROLES) }),
  account: z.object({ id: z.string(), name: z.string(), status: z.enum(ACCOUNT_STATUSES) }),
  csrf_token: z.string(),
  mode: z.enum(['sandbox', 'production']),
});
export type SessionView = z.infer<typeof sessionView>;

/** The server's verdict on one capability for this user and account; `reason` only when refused. */
export const capabilityVerdict = z.object({
  allowed: z.boolean(),
  reason: z.enum(['role', 'account_not_activated']).optional(),
});
export type CapabilityVerdict = z.infer<typeof capabilityVerdict>;

const capabilityNames = Object.keys(CAPABILITIES) as [Capability, ...Capability[]];

/** One verdict per capability, so the dashboard shows and enables exactly what the server allows. */
export const capabilitiesView = z.object(
  Object.fromEntries(capabilityNames.map((name) => [name, capabilityVerdict])) as Record<
    Capability,
    typeof capabilityVerdict
  >,
);
export type CapabilitiesView = z.infer<typeof capabilitiesView>;

/** `GET /me`: the session payload plus the capabilities. */
export const meView = sessionView.extend({ capabilities: capabilitiesView });
export type MeView = z.infer<typeof meView>;

// ── portal sessions (`POST /platform/v1/accounts/{id}/portal-sessions`) ──

/**
 * The same rule as the users feature's `emailField` (the sessions feature cannot import users:
 * users imports sessions).
 */
const portalEmail = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email({ message: 'must be a valid e-mail address' }));

/**
 * Who the link logs in, and the role a user created by it gets. The role applies only when the
 * link creates the user: an existing member keeps the role the account's Root gave them.
 */
export const portalSessionBody = z.object({
  email: portalEmail,
  role: z.enum(ROLES, { message: `must be one of ${ROLES.join(', ')}` }),
});
export type PortalSessionBody = z.infer<typeof portalSessionBody>;

/** The one-time link (opened with a plain GET, single use) and when it stops working. */
export const portalSessionView = z.object({ url: z.string(), expires_at: z.string() });
export type PortalSessionView = z.infer<typeof portalSessionView>;
