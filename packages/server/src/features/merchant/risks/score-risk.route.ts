import type { AppContext } from '../../../platform/context.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import { PUBLIC } from '../../merchant-auth/index.js';
import { merchantAccountId } from '../merchant-request.js';
import { scoreRisk } from './risk-service.js';
import { riskScoreBody, riskScoreResponse } from './risks.schemas.js';

/**
 * No permission of the catalogue covers this legacy endpoint (CRYPTOPAY-API.md §6), so the route
 * is `public` for the permission check but still needs a signed request: any valid key of an
 * active account may score an address, and an unsigned call is 401 `unauthenticated` [I].
 */
export function scoreRiskRoute(app: ZodApp, _ctx: AppContext) {
  app.post(
    '/risks/score',
    {
      schema: {
        body: riskScoreBody,
        tags: ['merchant: risks'],
        summary: 'Score an address for source or destination of funds (legacy; any valid key)',
        response: { 200: riskScoreResponse },
      },
      config: { permission: PUBLIC },
      // After the scope's authentication (route hooks run after the scope's), before the body is
      // validated: an unsigned call is a 401 whatever it sends.
      preValidation: async (request) => void merchantAccountId(request),
    },
    async (request) => ({ data: scoreRisk(request.body) }),
  );
}
