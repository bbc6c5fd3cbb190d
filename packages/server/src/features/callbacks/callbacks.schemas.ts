import { z } from 'zod';
import { nestsAtMost } from '../../platform/http/json-values.js';
import { idParams, lookupText, pageQuery } from '../../platform/http/zod-app.js';

/** `not_sent`: the event happened while the account had no callback URL. */
export const CALLBACK_STATUSES = ['pending', 'delivered', 'failed', 'not_sent'] as const;
/** Who made the event: Signet's own API (`signet`) or the operator's backend through the platform API. */
export const CALLBACK_SOURCES = ['signet', 'platform'] as const;

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
  source: z.enum(CALLBACK_SOURCES),
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

// ── platform API: POST /platform/v1/accounts/{id}/events ──

export const platformEventParams = idParams;
export const MAX_EVENT_DATA_DEPTH = 32;
/** The callback body's three members, sent as `{type, event, data}` exactly as Signet's own. */
export const platformEventBody = z.object({
  type: lookupText(100),
  event: lookupText(100),
  // Bounded so that serialising it for the callback cannot exhaust the stack (a real event's data
  // is a handful of levels deep).
  data: z
    .record(z.string(), z.unknown())
    .refine(
      (d) => nestsAtMost(d, MAX_EVENT_DATA_DEPTH),
      `must nest at most ${MAX_EVENT_DATA_DEPTH} levels deep`,
    ),
});
/** 202: queued (or recorded as `not_sent` when the account has no callback URL). */
export const platformEventAccepted = z.object({
  /** The callback's id, as in the Callbacks history (and its resend). */
  id: z.string(),
  /** What the receiver sees in `X-Signet-Event-Id`, stable across retries and resends. */
  event_id: z.string(),
});

export type CallbackSettingsView = z.infer<typeof callbackSettingsView>;
export type CallbackSecretView = z.infer<typeof callbackSecretView>;
export type CallbackViewObject = z.infer<typeof callbackView>;
export type CallbackListView = z.infer<typeof callbackListView>;
export type PlatformEventBody = z.infer<typeof platformEventBody>;
export type PlatformEventAccepted = z.infer<typeof platformEventAccepted>;
