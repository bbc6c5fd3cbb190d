import { z } from 'zod';
import { ACCOUNT_STATUSES, CAPABILITIES, ROLES, type Capability } from '../../core/access/roles.js';

export const loginBody = z.object({
  email: z.string().trim().toLowerCase().min(1, 'is required').max(254),
  password: z.string().min(1, 'is required').max(256),
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
