import { describe, expect, it } from 'vitest';
import {
  ACCOUNT_CURRENCIES,
  COINS,
  FIATS,
  findCurrency,
} from '../../../../src/features/merchant/currencies.js';
import {
  computeTransfer,
  conversionOf,
  EXCHANGE_FEE_BPS,
  exchangeFee,
  exchangePair,
  leastCharged,
  maxReceivable,
  toCharged,
  toReceived,
  type Conversion,
} from '../../../../src/features/merchant/exchange-transfers/exchange-math.js';
import {
  exchangeableFrom,
  insufficientFunds,
  quoteTransfer,
} from '../../../../src/features/merchant/exchange-transfers/exchange-quote.js';
import type { CreateExchangeTransferInput } from '../../../../src/features/merchant/exchange-transfers/exchange-transfer.schemas.js';
import {
  COMMIT_WINDOW_MS,
  initialState,
  isExpired,
  planCommit,
} from '../../../../src/features/merchant/exchange-transfers/exchange-transfer-state.js';
import { findRate } from '../../../../src/features/merchant/rates/rate-table.js';

const precision = (c: string) => findCurrency(c)!.precision;
const conversion = (charged: string, received: string): Conversion =>
  conversionOf(exchangePair(charged, received)!, precision(charged), precision(received));

/** Deterministic pseudo-random amounts (no flaky inputs). */
function* amounts(seed: number, count: number, max: bigint): Generator<bigint> {
  let x = BigInt(seed);
  for (let i = 0; i < count; i++) {
    x = (x * 6364136223846793005n + 1442695040888963407n) % 2n ** 64n;
    yield 1n + (x % max);
  }
}

describe('exchangePair', () => {
  it("buys the charged currency at the pair's buy rate when it is the base", () => {
    expect(exchangePair('BTC', 'EUR')).toEqual({
      pair: 'BTCEUR',
      rate: findRate('BTC', 'EUR')!.buy_rate,
      chargedIsBase: true,
    });
  });

  it("sells the received currency at the pair's sell rate when it is the base", () => {
    expect(exchangePair('EUR', 'BTC')).toEqual({
      pair: 'BTCEUR',
      rate: findRate('BTC', 'EUR')!.sell_rate,
      chargedIsBase: false,
    });
    expect(exchangePair('EUR', 'BTC')!.rate).toBe('60300.0');
    expect(exchangePair('BTC', 'EUR')!.rate).toBe('59700.0');
  });

  it('has no pair for one currency with itself, nor where the rate table has none', () => {
    for (const c of ACCOUNT_CURRENCIES) expect(exchangePair(c, c)).toBeUndefined();
    expect(exchangePair('BTC', 'ETH')).toBeUndefined();
    expect(exchangePair('EUR', 'DOGE')).toBeUndefined();
  });

  it('every coin converts to and from every fiat; fiat currencies convert among themselves', () => {
    for (const coin of COINS)
      for (const fiat of FIATS) {
        expect(exchangePair(coin.currency, fiat.currency)?.pair).toBe(`${coin.currency}${fiat.currency}`);
        expect(exchangePair(fiat.currency, coin.currency)?.pair).toBe(`${coin.currency}${fiat.currency}`);
      }
    expect(exchangeableFrom('BTC')).toEqual(FIATS.map((f) => f.currency));
    expect(exchangeableFrom('EUR')).toEqual(ACCOUNT_CURRENCIES.filter((c) => c !== 'EUR'));
  });
});

describe('conversion', () => {
  it('converts at the rate between the precisions, rounding down; back, rounding up', () => {
    const sell = conversion('BTC', 'EUR'); // 59700.0 EUR per BTC
    expect(toReceived(100_000n, sell)).toBe(5970n); // 0.001 BTC → 59.70 EUR
    expect(toReceived(1n, sell)).toBe(0n); // 1 satoshi is worth less than a cent
    expect(toCharged(5970n, sell)).toBe(100_000n);
    expect(toCharged(1n, sell)).toBe(17n); // ceil(1e9 / 59 700 000)
    const buy = conversion('EUR', 'BTC'); // 60300.0 EUR per BTC
    expect(toReceived(6030n, buy)).toBe(100_000n); // 60.30 EUR → 0.001 BTC
    expect(toReceived(9950n, buy)).toBe(165_008n); // 99.50 EUR → 0.00165008 BTC (rounded down)
    expect(toCharged(100_000n, buy)).toBe(6030n);
    expect(toCharged(100_001n, buy)).toBe(6031n);
  });

  it('a round trip never gains value, for every pair and many amounts', () => {
    for (const charged of ACCOUNT_CURRENCIES)
      for (const received of exchangeableFrom(charged)) {
        const c = conversion(charged, received);
        for (const units of amounts(charged.length * 31 + received.length, 40, 10n ** 12n)) {
          const r = toReceived(units, c);
          // The least charged amount that buys r is never more than what was paid for it …
          expect(toCharged(r, c)).toBeLessThanOrEqual(units);
          // … and toCharged is the least: one unit less no longer converts to the amount.
          const need = toCharged(r + 1n, c);
          expect(toReceived(need, c)).toBeGreaterThanOrEqual(r + 1n);
          expect(toReceived(need - 1n, c)).toBeLessThan(r + 1n);
        }
      }
  });
});

describe('fee and amounts', () => {
  it('the fee is 0.5 % of the converted value, rounded half up', () => {
    expect(EXCHANGE_FEE_BPS).toBe(50n);
    expect(exchangeFee(6030n)).toBe(30n); // 30.15
    expect(exchangeFee(100n)).toBe(1n); // 0.5 → 1
    expect(exchangeFee(99n)).toBe(0n); // 0.495 → 0
    expect(exchangeFee(0n)).toBe(0n);
  });

  it('received_amount fixed: the least charged value converting to it, fee on top', () => {
    expect(computeTransfer('received_amount', 100_000n, conversion('EUR', 'BTC'))).toEqual({
      charged: 6060n, // 60.30 + 0.30
      received: 100_000n,
      fee: 30n,
    });
  });

  it('charged_amount fixed: the most whose fee still fits, converted', () => {
    expect(computeTransfer('charged_amount', 10_000n, conversion('EUR', 'BTC'))).toEqual({
      charged: 10_000n,
      received: 165_008n, // 99.50 EUR at 60300
      fee: 50n,
    });
    expect(computeTransfer('charged_amount', 100_000n, conversion('BTC', 'EUR'))).toEqual({
      charged: 100_000n,
      received: 5940n, // 0.00099502 BTC at 59700 = 59.4026… EUR
      fee: 498n,
    });
  });

  it('for many amounts: charged = sent + fee exactly, sent maximal or minimal as the parameter demands', () => {
    for (const [from, to] of [
      ['EUR', 'BTC'],
      ['BTC', 'EUR'],
      ['USD', 'USDT'],
      ['GBP', 'EUR'],
      ['SOL', 'USD'],
    ] as const) {
      const c = conversion(from, to);
      for (const units of amounts(7, 60, 10n ** 10n)) {
        const byCharged = computeTransfer('charged_amount', units, c);
        const sent = byCharged.charged - byCharged.fee;
        expect(byCharged.charged).toBe(units);
        expect(sent + exchangeFee(sent)).toBeLessThanOrEqual(units);
        expect(sent + 1n + exchangeFee(sent + 1n)).toBeGreaterThan(units);
        // The odd unit that a larger sent value's fee would overrun is kept as fee.
        expect(byCharged.fee - exchangeFee(sent)).toBeGreaterThanOrEqual(0n);
        expect(byCharged.fee - exchangeFee(sent)).toBeLessThanOrEqual(1n);
        expect(byCharged.received).toBe(toReceived(sent, c));

        const byReceived = computeTransfer('received_amount', units, c);
        const sent2 = byReceived.charged - byReceived.fee;
        expect(byReceived.received).toBe(units);
        expect(byReceived.fee).toBe(exchangeFee(sent2));
        expect(toReceived(sent2, c)).toBeGreaterThanOrEqual(units);
        expect(toReceived(sent2 - 1n, c)).toBeLessThan(units);
      }
    }
  });

  it('maxReceivable is what a balance buys: one unit more costs more than the balance', () => {
    for (const [from, to] of [
      ['EUR', 'BTC'],
      ['BTC', 'EUR'],
      ['EUR', 'USD'],
    ] as const) {
      const c = conversion(from, to);
      for (const balance of amounts(3, 40, 10n ** 9n)) {
        const max = maxReceivable(balance, c);
        if (max > 0n) expect(computeTransfer('received_amount', max, c).charged).toBeLessThanOrEqual(balance);
        expect(computeTransfer('received_amount', max + 1n, c).charged).toBeGreaterThan(balance);
      }
    }
    expect(maxReceivable(0n, conversion('EUR', 'BTC'))).toBe(0n);
    expect(maxReceivable(-5n, conversion('EUR', 'BTC'))).toBe(0n);
  });

  it('leastCharged is the smallest charged amount that receives anything', () => {
    const c = conversion('BTC', 'EUR');
    const least = leastCharged(c);
    expect(least).toBe(17n);
    expect(computeTransfer('charged_amount', least, c).received).toBe(1n);
    expect(computeTransfer('charged_amount', least - 1n, c).received).toBe(0n);
  });
});

const input = (over: Partial<CreateExchangeTransferInput>): CreateExchangeTransferInput => ({
  charged_currency: 'EUR',
  received_currency: 'BTC',
  charged_amount: undefined,
  received_amount: '0.001',
  custom_id: undefined,
  force_commit: false,
  ...over,
});

describe('quoteTransfer', () => {
  it('prices a valid request', () => {
    const q = quoteTransfer(input({}));
    expect(q.ok).toBe(true);
    if (!q.ok) return;
    expect(q.quote).toMatchObject({
      param: 'received_amount',
      chargedCurrency: 'EUR',
      receivedCurrency: 'BTC',
      pair: { pair: 'BTCEUR', rate: '60300.0' },
      amounts: { charged: 6060n, received: 100_000n, fee: 30n },
    });
    const n = quoteTransfer(input({ received_amount: undefined, charged_amount: 100 }));
    expect(n.ok && n.quote.amounts).toEqual({ charged: 10_000n, received: 165_008n, fee: 50n });
  });

  it('names the accepted currencies (the received list is what the charged one converts into)', () => {
    const list = [...ACCOUNT_CURRENCIES];
    expect(quoteTransfer(input({ charged_currency: 'DOGE', received_currency: 'XYZ' }))).toEqual({
      ok: false,
      issues: [
        {
          field: 'charged_currency',
          message: `must be one of: ${list.join(', ')}`,
          code: 'must_be_included_in',
          args: { list },
        },
        {
          field: 'received_currency',
          message: `must be one of: ${list.join(', ')}`,
          code: 'must_be_included_in',
          args: { list },
        },
      ],
    });
    const fiats = FIATS.map((f) => f.currency);
    for (const received of ['BTC', 'ETH', 'DOGE'])
      expect(
        quoteTransfer(input({ charged_currency: 'BTC', received_currency: received, received_amount: '1' })),
      ).toEqual({
        ok: false,
        issues: [
          {
            field: 'received_currency',
            message: `must be one of: ${fiats.join(', ')}`,
            code: 'must_be_included_in',
            args: { list: fiats },
          },
        ],
      });
  });

  it('wants exactly one amount', () => {
    expect(quoteTransfer(input({ received_amount: undefined }))).toEqual({
      ok: false,
      issues: [
        {
          field: 'charged_amount',
          message: 'exactly one of charged_amount, received_amount must be given',
          code: 'must_be_filled',
          args: { one_of: ['charged_amount', 'received_amount'] },
        },
      ],
    });
    const both = quoteTransfer(input({ charged_amount: '10' }));
    expect(!both.ok && both.issues).toEqual([
      expect.objectContaining({
        field: 'received_amount',
        code: 'invalid',
        args: { one_of: ['charged_amount', 'received_amount'] },
      }),
    ]);
  });

  it('checks the amount against its own currency', () => {
    const issue = (over: Partial<CreateExchangeTransferInput>) => {
      const q = quoteTransfer(input(over));
      return q.ok ? null : q.issues;
    };
    expect(issue({ received_amount: '0.000000001' })).toEqual([
      {
        field: 'received_amount',
        message: 'must have at most 8 decimal places',
        code: 'invalid_precision',
        args: { precision: 8 },
      },
    ]);
    expect(issue({ received_amount: undefined, charged_amount: '1.001' })).toEqual([
      expect.objectContaining({ field: 'charged_amount', code: 'invalid_precision', args: { precision: 2 } }),
    ]);
    for (const bad of ['0', '0.00', '-1', '-0.5'])
      expect(issue({ received_amount: bad })).toEqual([
        {
          field: 'received_amount',
          message: 'must be greater than or equal to 0.00000001',
          code: 'must_be_greater_than_or_equal',
          args: { value: '0.00000001' },
        },
      ]);
    for (const bad of ['abc', '1e3', '', '1.2.3'])
      expect(issue({ received_amount: bad })).toEqual([
        expect.objectContaining({ field: 'received_amount', code: 'invalid' }),
      ]);
    expect(issue({ received_amount: 1e21 })).toEqual([
      expect.objectContaining({ field: 'received_amount', code: 'invalid' }),
    ]);
    expect(issue({ received_amount: Number.NaN })).toEqual([
      expect.objectContaining({ field: 'received_amount', code: 'invalid' }),
    ]);
    expect(issue({ received_amount: '1234567890123456' })).toEqual([
      expect.objectContaining({ field: 'received_amount', code: 'invalid' }),
    ]);
  });

  it('refuses a charged amount that converts to nothing, naming the least that does', () => {
    expect(
      quoteTransfer(
        input({
          charged_currency: 'BTC',
          received_currency: 'EUR',
          received_amount: undefined,
          charged_amount: '0.00000016',
        }),
      ),
    ).toEqual({
      ok: false,
      issues: [
        {
          field: 'charged_amount',
          message: 'must be greater than or equal to 0.00000017',
          code: 'must_be_greater_than_or_equal',
          args: { value: '0.00000017' },
        },
      ],
    });
  });

  it('insufficient funds name both maxima, each in its currency', () => {
    const q = quoteTransfer(input({}));
    if (!q.ok) throw new Error('quote');
    expect(insufficientFunds(q.quote, 5000n)).toEqual([
      {
        field: 'charged_amount',
        message: 'must be less than or equal to 50.0',
        code: 'must_be_less_than_or_equal',
        args: { value: '50.0' },
      },
      {
        field: 'received_amount',
        message: 'must be less than or equal to 0.00082504',
        code: 'must_be_less_than_or_equal',
        args: { value: '0.00082504' },
      },
    ]);
    expect(insufficientFunds(q.quote, 0n).map((i) => i.args)).toEqual([{ value: '0.0' }, { value: '0.0' }]);
  });
});

describe('the commit window', () => {
  const at = new Date('2026-01-01T00:00:00.000Z');
  const later = (ms: number) => new Date(at.getTime() + ms);
  const quote = { status: 'created' as const, created_at: at.toISOString() };

  it('force_commit executes at creation; otherwise a quote', () => {
    expect(initialState(true)).toBe('committed');
    expect(initialState(false)).toBe('created');
  });

  it('a quote commits within 30 s, exactly 30 s included', () => {
    expect(COMMIT_WINDOW_MS).toBe(30_000);
    expect(planCommit(quote, at)).toEqual({ ok: true, to: 'committed' });
    expect(planCommit(quote, later(30_000))).toEqual({ ok: true, to: 'committed' });
    expect(isExpired(quote, later(30_000))).toBe(false);
  });

  it('a quote past its window is expired', () => {
    expect(isExpired(quote, later(30_001))).toBe(true);
    expect(planCommit(quote, later(30_001))).toMatchObject({ ok: false, code: 'expired' });
    expect(planCommit(quote, later(86_400_000))).toMatchObject({ ok: false, code: 'expired' });
  });

  it('an executed transfer is already committed, however old', () => {
    const done = { status: 'committed' as const, created_at: at.toISOString() };
    expect(planCommit(done, at)).toMatchObject({ ok: false, code: 'already_committed' });
    expect(planCommit(done, later(60_000))).toMatchObject({ ok: false, code: 'already_committed' });
    expect(isExpired(done, later(60_000))).toBe(false);
  });
});
