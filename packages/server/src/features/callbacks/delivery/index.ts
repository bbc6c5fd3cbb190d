// The pure core of callback delivery (no database, no Fastify): what the outbox worker and the
// dashboard routes import.
export {
  MAX_ATTEMPTS,
  MAX_RETRIES,
  TOTAL_RETRY_WINDOW_SECONDS,
  nextAttemptAt,
  retryDelaySeconds,
} from './retry-schedule.js';
export { InvalidNetworkError, createAddressPolicy, parseNetworkList } from './ssrf.js';
export type { AddressPolicy, AddressVerdict } from './ssrf.js';
export {
  DnsLookupError,
  SsrfBlockedError,
  createCallbackAgent,
  createCheckedConnector,
  systemLookup,
} from './http-agent.js';
export type { CallbackAgentOptions, LookupAll, ResolvedAddress } from './http-agent.js';
export {
  DEFAULT_TIMEOUT_MS,
  RESPONSE_EXCERPT_BYTES,
  USER_AGENT,
  deliverCallback,
  describeDeliveryError,
} from './deliver.js';
export type { AttemptResult, DeliverCallbackInput } from './deliver.js';
export { signCallbackBody } from './signature.js';
