import { createHash } from 'node:crypto';
import { isHighRiskAddress } from '../coin-withdrawals/withdrawal-quote.js';
import { HIGH_RISK, type Risk } from '../wire/common-models.js';

/**
 * The sandbox's address screening for `POST /api/risks/score` (CRYPTOPAY-API.md §2.14), pure and
 * deterministic, so a test or a demo knows the answer in advance [I]:
 *
 *   an address (the part before any `?dt=`/`?memoId=`) containing `deaddead`, in any case → `high`
 *   (HIGH_RISK: score 9.6, a "Sandbox mixer") — coin withdrawals' marker (isHighRiskAddress,
 *   refused there as `high_risk_address`), so one test address behaves alike everywhere;
 *   any other address → `low` (score 0.1–3.0) for about four in five addresses and `medium`
 *   (3.1–6.9) for the rest, chosen by a SHA-256 of currency and address: the same address always
 *   scores the same.
 *
 * The levels' meanings are Cryptopay's: low = no red flags, medium = no red flags but review the
 * user, high = red flags. The direction (`source_of_funds` / `destination_of_funds`) does not
 * change an address's score.
 */

/** The coins the legacy endpoint scores (the docs' list). */
export const RISK_SCORE_CURRENCIES = ['BTC', 'ETH', 'XRP', 'LTC', 'BCH'] as const;
export const RISK_SCORE_TYPES = ['source_of_funds', 'destination_of_funds'] as const;

/** Percent of unmarked addresses that score `medium`. */
const MEDIUM_SHARE = 20;

export function scoreAddress(currency: string, address: string): Risk {
  if (isHighRiskAddress(address)) return { ...HIGH_RISK };
  const base = address.split('?')[0] ?? '';
  const hash = createHash('sha256').update(`${currency}:${base}`).digest();
  const medium = hash.readUInt16BE(0) % 100 < MEDIUM_SHARE;
  // Tenths as integers, so the score prints as written (0.3, not 0.30000000000000004).
  const tenths = medium ? 31 + (hash[2]! % 39) : 1 + (hash[2]! % 30);
  return {
    score: tenths / 10,
    level: medium ? 'medium' : 'low',
    resource_name: 'Unknown',
    resource_category: 'unknown',
  };
}
