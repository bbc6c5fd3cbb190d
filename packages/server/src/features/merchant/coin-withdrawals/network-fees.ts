import { COINS, findCoin, type Coin, type Network } from '../currencies.js';
import { divCeil, formatUnits, parseUnits, pow10, trimZeros } from '../money/decimal.js';
import { findRate } from '../rates/rate-table.js';

/**
 * The sandbox's network fees (CRYPTOPAY-API.md §2.6 NetworkFee): fixed per coin, network and level,
 * in the coin that is sent, so a quote is the same every time. Real fees float with the mempool;
 * the sandbox's never move. Pure data and lookups.
 */

export const NETWORK_FEE_LEVELS = ['fast', 'average', 'slow'] as const;
export type NetworkFeeLevel = (typeof NETWORK_FEE_LEVELS)[number];

/** `<currency>/<network>` → [fast, average, slow], in the coin. */
const FEES: Record<string, readonly [string, string, string]> = {
  'BTC/bitcoin': ['0.0001', '0.00005', '0.00002'],
  'ETH/ethereum': ['0.002', '0.001', '0.0005'],
  'LTC/litecoin': ['0.001', '0.0005', '0.0002'],
  'USDT/ethereum': ['5', '3', '2'],
  'USDT/tron': ['2', '1', '0.5'],
  'USDC/ethereum': ['5', '3', '2'],
  'USDC/solana': ['0.5', '0.2', '0.1'],
  'XRP/ripple': ['0.2', '0.1', '0.05'],
  'TRX/tron': ['3', '2', '1'],
  'SOL/solana': ['0.001', '0.0005', '0.0002'],
  'BCH/bitcoin_cash': ['0.0002', '0.0001', '0.00005'],
  'XLM/stellar': ['0.01', '0.005', '0.001'],
};

/**
 * A coin or network the table above does not name yet (the catalogue grows): the coin's worth of
 * these euro amounts at the sandbox sell rate, rounded up to the coin's precision.
 */
const FALLBACK_EUR: Record<NetworkFeeLevel, string> = { fast: '2', average: '1', slow: '0.5' };

function fallbackUnits(coin: Coin, level: NetworkFeeLevel): bigint {
  const rate = findRate(coin.currency, 'EUR')?.sell_rate;
  if (rate === undefined) return 0n;
  const scale = (rate.split('.')[1] ?? '').length;
  const r = parseUnits(rate, scale);
  const eur = parseUnits(FALLBACK_EUR[level], 2);
  if (!r.ok || !eur.ok || r.units === 0n) return 0n;
  return divCeil(eur.units * pow10(coin.precision + scale), r.units * pow10(2));
}

/** The fee in units of `coin` for a withdrawal on `network` at `level`. */
export function networkFeeUnits(coin: Coin, network: string, level: NetworkFeeLevel): bigint {
  const row = FEES[`${coin.currency}/${network}`];
  if (!row) return fallbackUnits(coin, level);
  const parsed = parseUnits(row[NETWORK_FEE_LEVELS.indexOf(level)] as string, coin.precision);
  if (!parsed.ok) throw new Error(`bad sandbox network fee for ${coin.currency}/${network}`);
  return parsed.units;
}

/** Whether payouts may go out on `network` (CoinNetwork.coin_withdrawals.enabled, §2.11). */
export const withdrawalsEnabled = (network: Network): boolean => network.coin_withdrawals.enabled;

/** The networks of `currency` that take payouts, default (first) network first. */
export function withdrawalNetworks(currency: string): Network[] {
  return findCoin(currency)?.networks.filter(withdrawalsEnabled) ?? [];
}

/** The coins that can be sent, in catalogue order. */
export function withdrawableCoins(): Coin[] {
  return COINS.filter((c) => c.networks.some(withdrawalsEnabled));
}

export interface NetworkFee {
  level: NetworkFeeLevel;
  fee: string;
  currency: string;
  network: string;
}

/**
 * `GET /api/coin_withdrawals/network_fees`: per withdrawable coin, its default network (or every
 * network with `allNetworks`), one entry per level, fast first.
 */
export function networkFeeTable(allNetworks: boolean): NetworkFee[] {
  const out: NetworkFee[] = [];
  for (const coin of withdrawableCoins()) {
    const networks = coin.networks.filter(withdrawalsEnabled);
    for (const network of allNetworks ? networks : networks.slice(0, 1))
      for (const level of NETWORK_FEE_LEVELS)
        out.push({
          level,
          fee: trimZeros(formatUnits(networkFeeUnits(coin, network.network, level), coin.precision)),
          currency: coin.currency,
          network: network.network,
        });
  }
  return out;
}
