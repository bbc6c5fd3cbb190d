import type { PlatformRoutes } from '../../platform/feature.js';
import type { KeyAuth } from './auth-runtime.js';
import { keyAuthOf } from './merchant-api.js';
import { verifySignedRequest } from './verify.js';
import { verifyAnswer, verifyRequestBody, verifyTags } from './verify.schemas.js';

/**
 * `POST /platform/v1/verify` (scope `verify`): for a platform that checks requests in its own
 * process instead of proxying them through a gateway mount. The answer is the gateway's decision
 * (authenticate.ts) over the values sent.
 */
export const verifyRoute: PlatformRoutes = (app, ctx) => {
  // Resolved at the first call: the platform scope may be registered before the key cache is.
  let runtime: KeyAuth | undefined;
  app.post(
    '/verify',
    {
      schema: {
        tags: verifyTags,
        summary: 'Would the gateway let this signed request through? Same checks, same reasons',
        body: verifyRequestBody,
        response: { 200: verifyAnswer },
      },
      config: { scope: 'verify' },
    },
    async (request) => verifySignedRequest(ctx, (runtime ??= keyAuthOf(app)), request.body),
  );
};
