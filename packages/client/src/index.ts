export { bodyMd5, signRequest, stringToSign } from './request-signing.js';
export type {
  SignedRequest,
  SignedRequestHeaders,
  SignRequestInput,
  StringToSignParts,
} from './request-signing.js';
export {
  CALLBACK_EVENT_ID_HEADER,
  CALLBACK_SIGNATURE_HEADER,
  signCallback,
  verifyCallback,
} from './callback-signature.js';
export {
  GATEWAY_HEADERS,
  gatewayStringToSign,
  signGatewayRequest,
  verifyGatewayRequest,
} from './gateway-signature.js';
export type {
  GatewayHeaderName,
  GatewayHeadersInput,
  GatewayIdentity,
  GatewaySigningIdentity,
  GatewayStringToSignParts,
  GatewayVerifyFailureReason,
  SignGatewayRequestInput,
  VerifyGatewayRequestInput,
  VerifyGatewayResult,
} from './gateway-signature.js';
export { SignetClient } from './signet-client.js';
export type { SignetClientOptions } from './signet-client.js';
export {
  isSignetApiError,
  MERCHANT_ERROR_CODES,
  SignetApiError,
  SignetError,
  SignetNetworkError,
  SignetResponseError,
} from './errors.js';
export type {
  AuthFailureDetail,
  AuthRefusalReason,
  ErrorDetail,
  InvalidDetail,
  InvalidDetailCode,
  MerchantErrorCode,
} from './errors.js';
export type * from './resources.js';
export { SignetPlatform } from './signet-platform.js';
export type {
  CreatedPlatformAccount,
  CreatePlatformAccountBody,
  IdempotencyOptions,
  PlatformAccountList,
  PlatformAccountView,
  PlatformEventAccepted,
  PlatformEventBody,
  PlatformPageParams,
  PortalSessionBody,
  PortalSessionView,
  SignetPlatformOptions,
  VerifyAnswer,
  VerifyRefusalReason,
  VerifyRequestBody,
} from './signet-platform.js';
export { verifyBodyOf, verifyIncomingRequest } from './verify-request.js';
export type { IncomingRequestLike, VerifyIncomingOptions } from './verify-request.js';
