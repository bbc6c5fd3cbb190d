import { describe, expect, it } from 'vitest';
import {
  NETWORK_FEE_LEVELS,
  networkFeeTable,
  networkFeeUnits,
  withdrawableCoins,
  withdrawalsEnabled,
} from '../../../../src/features/merchant/coin-withdrawals/network-fees.js';
import { COINS, type Coin } from '../../../../src/features/merchant/currencies.js';

describe('network fees', () => {
  it('has fast ≥ average ≥ slow > 0 for every withdrawable network', () => {
    for (const coin of withdrawableCoins())
      for (const n of coin.networks) {
        const [fast, average, slow] = NETWORK_FEE_LEVELS.map((l) => networkFeeUnits(coin, n.network, l));
        expect(fast! >= average! && average! >= slow! && slow! > 0n, `${coin.currency}/${n.network}`).toBe(
          true,
        );
      }
  });

  it('lists the default networks only, one entry per level, fast first', () => {
    const table = networkFeeTable(false);
    expect(table.length).toBe(withdrawableCoins().length * 3);
    expect(table.slice(0, 3)).toEqual([
      { level: 'fast', fee: '0.0001', currency: 'BTC', network: 'bitcoin' },
      { level: 'average', fee: '0.00005', currency: 'BTC', network: 'bitcoin' },
      { level: 'slow', fee: '0.00002', currency: 'BTC', network: 'bitcoin' },
    ]);
    for (const coin of withdrawableCoins())
      expect(table.filter((f) => f.currency === coin.currency).map((f) => f.network)).toEqual(
        Array(3).fill(coin.networks[0].network),
      );
  });

  it('lists every network with all_networks', () => {
    const table = networkFeeTable(true);
    const networks = withdrawableCoins().reduce((n, c) => n + c.networks.length, 0);
    expect(table.length).toBe(networks * 3);
    expect(table.filter((f) => f.currency === 'USDT')).toEqual([
      { level: 'fast', fee: '5.0', currency: 'USDT', network: 'ethereum' },
      { level: 'average', fee: '3.0', currency: 'USDT', network: 'ethereum' },
      { level: 'slow', fee: '2.0', currency: 'USDT', network: 'ethereum' },
      { level: 'fast', fee: '2.0', currency: 'USDT', network: 'tron' },
      { level: 'average', fee: '1.0', currency: 'USDT', network: 'tron' },
      { level: 'slow', fee: '0.5', currency: 'USDT', network: 'tron' },
    ]);
  });

  it('prices a network the table does not name at 2 / 1 / 0.5 EUR worth of the coin', () => {
    const btc = COINS.find((c) => c.currency === 'BTC') as Coin;
    // 1 EUR at the BTC/EUR sell rate 60300: 0.0000165837… → 0.00001659
    expect(networkFeeUnits(btc, 'lightning', 'average')).toBe(1_659n);
    expect(networkFeeUnits(btc, 'lightning', 'fast')).toBe(3_317n);
    expect(networkFeeUnits({ ...btc, currency: 'NOPE' }, 'x', 'slow')).toBe(0n);
  });

  it('follows the catalogue flag coin_withdrawals.enabled', () => {
    const network = COINS[0]!.networks[0];
    expect(withdrawalsEnabled(network)).toBe(true);
    expect(withdrawalsEnabled({ ...network, coin_withdrawals: { enabled: false } })).toBe(false);
  });
});
