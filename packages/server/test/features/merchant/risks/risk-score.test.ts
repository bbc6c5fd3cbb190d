import { describe, expect, it } from 'vitest';
import { risk } from '../../../../src/features/merchant/wire/common-models.js';
import { sandboxAddress } from '../../../../src/features/merchant/addresses/addresses.js';
import { HIGH_RISK } from '../../../../src/features/merchant/wire/common-models.js';
import { scoreAddress } from '../../../../src/features/merchant/risks/risk-score.js';

const NETWORKS = {
  BTC: 'bitcoin',
  ETH: 'ethereum',
  XRP: 'ripple',
  LTC: 'litecoin',
  BCH: 'bitcoin_cash',
} as const;

describe('scoreAddress', () => {
  it('scores an address containing the high-risk marker high, in any case, before any tag', () => {
    for (const address of [
      'tb1qdeaddeadw508d6qejxtdg4y5r3zarvary0c5xw',
      '0xDEADDEAD00000000000000000000000000000000',
      'rDeadDeadXyz?dt=7',
    ])
      expect(scoreAddress('BTC', address)).toEqual(HIGH_RISK);
    // In the tag it is no marker.
    expect(scoreAddress('XRP', 'rN7n7otQDd6FczFgLdSqtcsAUxDkw6fzRH?dt=1').level).not.toBe('high');
  });

  it('is deterministic and ignores the destination tag', () => {
    const a = sandboxAddress('BTC', 'bitcoin');
    expect(scoreAddress('BTC', a)).toEqual(scoreAddress('BTC', a));
    expect(scoreAddress('XRP', 'rN7n7otQDd6FczFgLdSqtcsAUxDkw6fzRH?dt=1')).toEqual(
      scoreAddress('XRP', 'rN7n7otQDd6FczFgLdSqtcsAUxDkw6fzRH?dt=99'),
    );
  });

  it('otherwise low (0.1–3.0) for about four in five addresses, medium (3.1–6.9) for the rest', () => {
    const counts = { low: 0, medium: 0, high: 0 };
    for (const [currency, network] of Object.entries(NETWORKS))
      for (let i = 0; i < 200; i++) {
        const r = risk.strict().parse(scoreAddress(currency, sandboxAddress(currency, network)));
        counts[r.level]++;
        expect(Math.round(r.score * 10) / 10).toBe(r.score); // one decimal, printed as written
        if (r.level === 'low') expect(r.score >= 0.1 && r.score <= 3.0).toBe(true);
        if (r.level === 'medium') expect(r.score >= 3.1 && r.score <= 6.9).toBe(true);
        expect([r.resource_name, r.resource_category]).toEqual(['Unknown', 'unknown']);
      }
    expect(counts.high).toBe(0);
    expect(counts.medium).toBeGreaterThan(100); // of 1000: ≈ 200
    expect(counts.medium).toBeLessThan(300);
  });

  it('hands out a copy: a caller changing its answer changes nothing else', () => {
    const r = scoreAddress('BTC', 'tb1qdeaddeadw508d6qejxtdg4y5r3zarvary0c5xw');
    r.score = 0;
    expect(HIGH_RISK.score).toBe(9.6);
  });
});
