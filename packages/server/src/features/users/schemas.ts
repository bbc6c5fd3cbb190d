import { z } from 'zod';
import { INVITABLE_ROLES } from './roles.js';

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
