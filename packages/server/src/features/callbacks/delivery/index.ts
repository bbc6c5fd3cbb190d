// One HTTP attempt of a callback, and nothing else (no database, no Fastify, no retry policy):
// signing, the SSRF-checked connection and the response excerpt. The outbox worker imports it;
// when to try again is the worker's business (worker/retry-schedule.ts).
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
