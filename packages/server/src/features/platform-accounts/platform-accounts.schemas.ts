import { z } from 'zod';
import { ACCOUNT_STATUSES } from '../accounts/index.js';
import { lookupText, noNul, NUL_MESSAGE } from '../../platform/http/zod-app.js';
import { emailField } from '../users/index.js';

export const platformAccountTags = ['platform'];

const externalId = z
  .string()
  .min(1, 'must not be empty')
  .max(200, 'must be at most 200 characters')
  .refine(noNul, NUL_MESSAGE);

/** `POST /platform/v1/accounts`. */
export const createPlatformAccountBody = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'is required')
    .max(200, 'must be at most 200 characters')
    .refine(noNul, NUL_MESSAGE),
  /** The platform's own id for the account; unique. */
  external_id: externalId.optional(),
  /** Creates a pending invitation for the account's Root and returns its link. */
  root_email: emailField.optional(),
});
export type CreatePlatformAccountBody = z.infer<typeof createPlatformAccountBody>;

/** An account as the platform API shows it. */
export const platformAccountView = z.object({
  id: z.string(),
  name: z.string(),
  external_id: z.string().nullable(),
  status: z.enum(ACCOUNT_STATUSES),
  users_count: z.number().int(),
  keys_count: z.number().int(),
  callback_url_set: z.boolean(),
  created_at: z.string(),
});
export type PlatformAccountView = z.infer<typeof platformAccountView>;

export const createdPlatformAccount = z.object({
  account: platformAccountView,
  /** Present when `root_email` was given: the Root's invitation link (valid 6 hours, single use). */
  invitation_url: z.string().optional(),
});
export type CreatedPlatformAccount = z.infer<typeof createdPlatformAccount>;

export const platformAccountList = z.object({
  data: z.array(platformAccountView),
  meta: z.object({ has_more: z.boolean() }),
});
export type PlatformAccountList = z.infer<typeof platformAccountList>;

export const externalIdParams = z.object({ external_id: lookupText(200) });
