export { decodedRequestTarget } from './decoded-target.js';
export { parseHttpDate } from './http-date.js';
export { MAX_AUTHORIZATION_LENGTH, parseAuthorization } from './authorization-header.js';
export type { ParsedAuthorization } from './authorization-header.js';
export { createRequestSigner } from './request-signer.js';
export type { RequestSigner } from './request-signer.js';
export {
  checkSignedRequest,
  MAX_CLOCK_SKEW_MS,
  parseSignedRequest,
  serverStringToSign,
  verifyRequest,
  verifyRequestAsync,
} from './verify-request.js';
export type {
  AsyncVerifyDeps,
  CheckOptions,
  ParsedSignedRequest,
  SignedRequestInput,
  VerifyDeps,
  VerifyFailure,
  VerifyFailureReason,
  VerifyResult,
  VerifySuccess,
} from './verify-request.js';
