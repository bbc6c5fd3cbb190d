import { fieldError } from '../../../platform/http/errors.js';
import { isValidAddress } from '../addresses/addresses.js';
import { findCoin } from '../currencies.js';
import type { Risk } from '../wire/common-models.js';
import { scoreAddress } from './risk-score.js';
import type { RiskScoreInput } from './risks.schemas.js';

/**
 * Scores an address on its coin's default network (the legacy endpoint names no network). A
 * malformed address is Cryptopay's `invalid_coin_address`; nothing is stored.
 */
export function scoreRisk(input: RiskScoreInput): Risk {
  const network = findCoin(input.currency)?.networks[0];
  if (!network || !isValidAddress(input.currency, network.network, input.address))
    throw fieldError('address', `must be a valid ${input.currency} address`, 'invalid_coin_address', {
      currency: input.currency,
    });
  return scoreAddress(input.currency, input.address);
}
