import { z } from 'zod';
import { INVITABLE_ROLES, ROLES } from '../../core/access/roles.js';

export const emailField = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email({ message: 'must be a valid e-mail address' }));

export const newPasswordField = z
  .string()
  .min(10, 'must be at least 10 characters')
  .max(256, 'must be at most 256 characters');

export const invitableRole = z.enum(INVITABLE_ROLES, {
  message: `must be one of ${INVITABLE_ROLES.join(', ')}`,
});

export const roleView = z.enum(ROLES);

export const inviteBody = z.object({ email: emailField, role: invitableRole });
export const changeRoleBody = z.object({ role: invitableRole });
export const invitationTokenParams = z.object({ token: z.string().min(1).max(200) });
export const acceptInvitationBody = z.object({ password: newPasswordField });

/** A team member as listed and as returned by a role change. */
export const teamMember = z.object({
  id: z.string(),
  email: z.string(),
  role: roleView,
  created_at: z.string(),
});
export type TeamMember = z.infer<typeof teamMember>;

/** An invitation not yet accepted (or expired). */
export const pendingInvitation = z.object({
  id: z.string(),
  email: z.string(),
  // Any role: a Root invitation (created with an account by the platform API) is listed too.
  role: z.enum(ROLES),
  created_at: z.string(),
  expires_at: z.string(),
});
export type PendingInvitation = z.infer<typeof pendingInvitation>;

export const teamView = z.object({ data: z.array(teamMember), invitations: z.array(pendingInvitation) });
export type TeamView = z.infer<typeof teamView>;

/** The one response that holds the invitation link (whether or not it was e-mailed). */
export const createdInvitation = pendingInvitation.extend({
  invitation_url: z.string(),
  emailed: z.boolean(),
});
export type CreatedInvitation = z.infer<typeof createdInvitation>;
