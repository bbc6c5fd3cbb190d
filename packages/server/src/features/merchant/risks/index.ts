import type { MerchantResource } from '../resource.js';
import { scoreRiskRoute } from './score-risk.route.js';

/** The legacy risk score (CRYPTOPAY-API.md §2.14): stateless, no table, no callbacks. */
export const risksResource: MerchantResource = { routes: [scoreRiskRoute] };

export { scoreAddress } from './risk-score.js';
