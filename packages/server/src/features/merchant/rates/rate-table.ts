import { COINS, FIATS } from '../currencies.js';
import { formatUnits, parseUnits, trimZeros } from '../money/decimal.js';

/**
 * Fixed sandbox exchange rates: every coin against each fiat currency, and the fiat currencies
 * against each other (Cryptopay quotes both kinds, e.g. `BTCEUR`, `EURUSD`). They never move, so
 * an invoice's pay amount is predictable in tests and demos. Crypto-to-crypto pairs are not
 * quoted: their rates need more than the 6 decimals invoice pricing reads.
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
  BCH: '350',
  XLM: '0.1',
};

// Units of the fiat per euro, as exact fractions (numerator, denominator) to stay in integer maths.
const PER_EUR: Record<string, [bigint, bigint]> = { EUR: [1n, 1n], USD: [109n, 100n], GBP: [85n, 100n] };

const SCALE = 6;
const ONE = 10n ** BigInt(SCALE);

function toScaled(text: string): bigint {
  const parsed = parseUnits(text, SCALE);
  if (!parsed.ok) throw new Error(`bad sandbox rate ${text}`);
  return parsed.units;
}

const format = (units: bigint) => trimZeros(formatUnits(units, SCALE));

/** A 0.5 % spread either side of the mid price, as an exchange quotes. */
const quote = (mid: bigint): Rate => ({
  buy_rate: format((mid * 995n) / 1000n),
  sell_rate: format((mid * 1005n) / 1000n),
});

const perEur = (fiat: string): [bigint, bigint] => PER_EUR[fiat] ?? [1n, 1n];

function buildTable(): ReadonlyMap<string, Rate> {
  const table = new Map<string, Rate>();
  for (const coin of COINS) {
    const mid = EUR_MID[coin.currency];
    if (mid === undefined) throw new Error(`no sandbox rate for ${coin.currency}`);
    for (const fiat of FIATS) {
      const [num, den] = perEur(fiat.currency);
      table.set(`${coin.currency}/${fiat.currency}`, quote((toScaled(mid) * num) / den));
    }
  }
  for (const base of FIATS)
    for (const to of FIATS) {
      if (base === to) continue;
      const [bn, bd] = perEur(base.currency);
      const [qn, qd] = perEur(to.currency);
      // quote per base = (qn/qd) / (bn/bd)
      table.set(`${base.currency}/${to.currency}`, quote((ONE * qn * bd) / (qd * bn)));
    }
  return table;
}

const TABLE = buildTable();

/** The rate of `base` priced in `quote` (BTC/EUR: euros per bitcoin); undefined for unknown pairs. */
export function findRate(base: string, quote: string): Rate | undefined {
  return TABLE.get(`${base}/${quote}`);
}

/** Every quoted pair as `[base, quote]`, in table order. */
export function ratePairs(): [string, string][] {
  return [...TABLE.keys()].map((k) => k.split('/') as [string, string]);
}

/**
 * Every pair as `GET /api/rates` answers: each one twice, under the concatenated key (`BTCEUR`,
 * the form `exchange.pair` uses) and the slash key (`BTC/EUR`), with the same rate — as recorded
 * from Cryptopay (CRYPTOPAY-API.md §2.10).
 */
export function allRates(): Record<string, Rate> {
  const out: Record<string, Rate> = {};
  for (const [key, rate] of TABLE) {
    out[key.replace('/', '')] = rate;
    out[key] = rate;
  }
  return out;
}
