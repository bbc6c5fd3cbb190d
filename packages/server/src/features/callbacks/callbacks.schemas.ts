import { z } from 'zod';
import { pageQuery } from '../../platform/http/zod-app.js';

/** `not_sent`: the event happened while the account had no callback URL. */
export const CALLBACK_STATUSES = ['pending', 'delivered', 'failed', 'not_sent'] as const;

export const callbackSettingsBody = z.object({ callback_url: z.string().max(4096).nullable() });
export const callbackSettingsView = z.object({ callback_url: z.string().nullable() });
export const callbackSecretView = z.object({ callback_secret: z.string() });

export const callbackListQuery = pageQuery.extend({ status: z.enum(CALLBACK_STATUSES).optional() });

export const callbackAttemptView = z.object({
  at: z.string(),
  http_status: z.number().int().nullable(),
  error: z.string().nullable(),
  duration_ms: z.number(),
  response_excerpt: z.string().nullable(),
});

/** One callback in the delivery history, with every attempt (last: the wire order is the schema's). */
export const callbackView = z.object({
  id: z.string(),
  event_id: z.string(),
  type: z.string(),
  event: z.string(),
  url: z.string().nullable(),
  status: z.enum(CALLBACK_STATUSES),
  next_attempt_at: z.string().nullable(),
  created_at: z.string(),
  delivered_at: z.string().nullable(),
  attempts: z.array(callbackAttemptView),
});
export const callbackListView = z.object({
  data: z.array(callbackView),
  meta: z.object({ has_more: z.boolean() }),
});
/** What resend and the test callback answer: the callback is queued. */
export const callbackQueuedView = z.object({ id: z.string(), status: z.literal('pending') });

export type CallbackSettingsView = z.infer<typeof callbackSettingsView>;
export type CallbackSecretView = z.infer<typeof callbackSecretView>;
export type CallbackViewObject = z.infer<typeof callbackView>;
export type CallbackListView = z.infer<typeof callbackListView>;
