import type { AppContext } from '../../platform/context.js';
import { fieldError } from '../../platform/http/errors.js';
import type { KeyAuth } from './auth-runtime.js';
import { authenticate, type AuthDecision, type AuthRequest } from './authenticate.js';
import { PUBLIC } from './authorize-key.js';
import type { VerifyAnswer, VerifyRequestBody } from './verify.schemas.js';

/** MD5 of zero bytes: the empty body, which the StringToSign spells ''. */
const EMPTY_BODY_MD5 = 'd41d8cd98f00b204e9800998ecf8427e';

/**
 * The verify API's body as the request the gateway would have seen. The body is its bytes
 * (`body_base64`) or only their digest (`body_md5`, either case); neither is the empty body.
 */
export function authRequestOf(body: VerifyRequestBody): AuthRequest {
  const md5 = body.body_md5?.toLowerCase();
  return {
    method: body.method,
    path: body.path,
    rawBody: body.body_base64 === undefined ? undefined : Buffer.from(body.body_base64, 'base64'),
    bodyMd5: md5 === undefined ? undefined : md5 === EMPTY_BODY_MD5 ? '' : md5,
    contentType: body.content_type,
    date: body.date,
    authorization: body.authorization,
    ip: body.client_ip,
    required: body.permission,
  };
}

/** The decision as the verify API answers it: 200 either way, `valid` and the gateway's reason. */
export function verifyAnswerOf(decision: AuthDecision): VerifyAnswer {
  if (decision.ok) {
    const key = decision.key;
    if (!key) return { valid: true, account_id: null, key_id: null, permissions: [] };
    return {
      valid: true,
      account_id: key.accountId,
      key_id: key.id,
      permissions: [...key.permissions].sort(),
    };
  }
  if (decision.reason === 'bad_signature')
    return { valid: false, reason: decision.reason, string_to_sign: decision.stringToSign };
  return { valid: false, reason: decision.reason };
}

/**
 * Decides a signed request handed over as values, with the same function, key cache and usage
 * recording as the gateway. A permission outside the catalogue is the caller's mistake (422),
 * not a refusal: no gateway route can require one.
 */
export async function verifySignedRequest(
  ctx: AppContext,
  runtime: KeyAuth,
  body: VerifyRequestBody,
): Promise<VerifyAnswer> {
  if (body.permission !== PUBLIC && !ctx.permissions.has(body.permission))
    throw fieldError('permission', 'is not a permission of the catalogue in force, nor public');
  return verifyAnswerOf(await authenticate(ctx, runtime, authRequestOf(body)));
}
