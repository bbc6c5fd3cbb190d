import { z } from 'zod';
import { pageQuery } from '../../platform/http/zod-app.js';
import { MAX_WHITELIST_ENTRIES } from './ip-whitelist.js';

/** The catalogue is configured at start, so ids are checked against it in the service (422 per id). */
const MAX_PERMISSIONS = 500;

export const createApiKeyBody = z.object({
  name: z.string().trim().min(1).max(100),
  permissions: z
    .array(z.string().min(1).max(100))
    .max(MAX_PERMISSIONS)
    .refine((list) => new Set(list).size === list.length, 'must not repeat a permission'),
  // Entries are checked one by one in ip-whitelist.ts, so the error names the bad entry.
  ip_whitelist: z.array(z.string().max(64)).max(MAX_WHITELIST_ENTRIES).default([]),
});

/** A key as listed: the response schema is the guarantee that no secret is ever serialised. */
export const apiKeyView = z.object({
  id: z.string(),
  api_key: z.string(),
  name: z.string(),
  /** The ids the key holds that are in the catalogue now. */
  permissions: z.array(z.string()),
  /** Ids the key holds that the config no longer declares: they grant nothing. */
  removed_permissions: z.array(z.string()),
  ip_whitelist: z.array(z.string()),
  created_at: z.string(),
  created_by: z.string(),
  last_used_at: z.string().nullable(),
  last_used_ip: z.string().nullable(),
});

export const createdApiKey = z.object({
  id: z.string(),
  api_key: z.string(),
  api_secret: z.string(),
  name: z.string(),
  permissions: z.array(z.string()),
  removed_permissions: z.array(z.string()),
  ip_whitelist: z.array(z.string()),
  created_at: z.string(),
});

/**
 * `GET /api-keys?limit=&starting_after=`: the cursor pagination of every list, but 100 keys a page
 * unless asked otherwise, so that a caller that never pages still gets every key of an account
 * within the default cap (SIGNET_MAX_API_KEYS_PER_ACCOUNT, 100).
 */
export const apiKeyListQuery = pageQuery.extend({
  limit: z.coerce.number().int().min(1).max(100).default(100),
});

/** `GET /api-keys`: newest first; `meta.has_more` says whether a next page exists. */
export const apiKeyList = z.object({
  data: z.array(apiKeyView),
  meta: z.object({ has_more: z.boolean() }),
});
export type ApiKeyList = z.infer<typeof apiKeyList>;

/** `GET /permissions`: what a key can be granted, as the create dialog lists it. */
export const permissionCatalogue = z.array(
  z.object({
    id: z.string(),
    description: z.string(),
    /** The part of the id before its first ':' (e.g. `orders`), by which the picker groups. */
    group: z.string(),
  }),
);
export type PermissionCatalogue = z.infer<typeof permissionCatalogue>;

export const tags = ['integration'];

export type CreateApiKeyBody = z.output<typeof createApiKeyBody>;
export type ApiKeyView = z.infer<typeof apiKeyView>;
export type CreatedApiKey = z.infer<typeof createdApiKey>;
