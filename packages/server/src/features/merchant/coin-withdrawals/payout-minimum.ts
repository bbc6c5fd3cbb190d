import { COINS, findCoin, findCurrency } from '../currencies.js';
import { divCeil, pow10 } from '../money/decimal.js';
import { findRate } from '../rates/rate-table.js';
import { parseRate, type ExactRate } from './withdrawal-math.js';

/**
 * Cryptopay's minimum payout, "about 5 EUR" (CRYPTOPAY-API.md §1.7), as the sandbox applies it:
 * exactly 5 EUR, turned into any other currency at the sandbox's mid rate (halfway between buy and
 * sell) and rounded up to that currency's precision. Pure.
 */
export const MINIMUM_PAYOUT_EUR_CENTS = 500n;

function mid(base: string, quote: string): ExactRate | null {
  const rate = findRate(base, quote);
  if (!rate) return null;
  const buy = parseRate(rate.buy_rate);
  const sell = parseRate(rate.sell_rate);
  const scale = Math.max(buy.scale, sell.scale) + 1;
  const sum = buy.units * pow10(scale - buy.scale) + sell.units * pow10(scale - sell.scale);
  return { units: sum / 2n, scale };
}

/** Units of `currency` per euro as a fraction, or null when no rate leads there. */
function perEuro(currency: string): { num: bigint; den: bigint } | null {
  if (currency === 'EUR') return { num: 1n, den: 1n };
  if (findCoin(currency)) {
    const r = mid(currency, 'EUR');
    return r ? { num: pow10(r.scale), den: r.units } : null;
  }
  // A fiat currency: through any coin priced in both it and euros.
  for (const coin of COINS) {
    const inIt = mid(coin.currency, currency);
    const inEur = mid(coin.currency, 'EUR');
    if (inIt && inEur) return { num: inIt.units * pow10(inEur.scale), den: inEur.units * pow10(inIt.scale) };
  }
  return null;
}

/** The minimum payout in units of `currency`, or null when the sandbox cannot price it. */
export function minimumPayoutUnits(currency: string): bigint | null {
  const c = findCurrency(currency);
  const rate = perEuro(currency);
  if (!c || !rate) return null;
  return divCeil(MINIMUM_PAYOUT_EUR_CENTS * rate.num * pow10(c.precision), rate.den * 100n);
}
