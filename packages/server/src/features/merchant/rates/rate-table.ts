import { COINS, FIATS } from '../currencies.js';
import { formatUnits, parseUnits, trimZeros } from '../money/decimal.js';

/**
 * Fixed sandbox exchange rates, one row per coin against each fiat currency. They never move, so
 * an invoice's pay amount is predictable in tests and demos.
 */
export interface Rate {
  /** What the platform pays for one unit of the base currency (used to price invoices). */
  buy_rate: string;
  /** What the platform asks for one unit of the base currency. */
  sell_rate: string;
}

// Mid prices in EUR; other fiat columns and the buy/sell spread derive from them below.
const EUR_MID: Record<string, string> = {
  BTC: '60000',
  ETH: '3000',
  LTC: '80',
  USDT: '0.92',
  USDC: '0.92',
  XRP: '0.55',
  TRX: '0.12',
  SOL: '140',
};

// Units of the fiat per euro, as exact fractions (numerator, denominator) to stay in integer maths.
const PER_EUR: Record<string, [bigint, bigint]> = { EUR: [1n, 1n], USD: [109n, 100n], GBP: [85n, 100n] };

const SCALE = 6;

function toScaled(text: string): bigint {
  const parsed = parseUnits(text, SCALE);
  if (!parsed.ok) throw new Error(`bad sandbox rate ${text}`);
  return parsed.units;
}

const format = (units: bigint) => trimZeros(formatUnits(units, SCALE));

function buildTable(): ReadonlyMap<string, Rate> {
  const table = new Map<string, Rate>();
  for (const coin of COINS) {
    const mid = toScaled(EUR_MID[coin.currency] ?? '0');
    for (const fiat of FIATS) {
      const [num, den] = PER_EUR[fiat.currency] ?? [1n, 1n];
      const quoted = (mid * num) / den;
      // A 0.5 % spread either side of the mid price, as an exchange quotes.
      table.set(`${coin.currency}/${fiat.currency}`, {
        buy_rate: format((quoted * 995n) / 1000n),
        sell_rate: format((quoted * 1005n) / 1000n),
      });
    }
  }
  return table;
}

const TABLE = buildTable();

/** The rate of `base` priced in `quote` (BTC/EUR: euros per bitcoin); undefined for unknown pairs. */
export function findRate(base: string, quote: string): Rate | undefined {
  return TABLE.get(`${base}/${quote}`);
}

/** Every pair, keyed `BASE/QUOTE`, as `GET /api/rates` answers. */
export function allRates(): Record<string, Rate> {
  return Object.fromEntries(TABLE);
}
