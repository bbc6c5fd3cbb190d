import { FIATS, findCoin, findCurrency } from '../currencies.js';
import { amountText } from '../money/amount-param.js';
import { divCeil, divRound, formatUnits, parseUnits, pow10 } from '../money/decimal.js';
import { findRate } from '../rates/rate-table.js';

/** What the merchant asks for; `price_amount` as sent (JSON number or decimal string). */
export interface PriceRequest {
  price_amount: string | number;
  price_currency: string;
  pay_currency: string;
  network?: string | undefined;
}

export interface Pricing {
  price_amount: string;
  price_currency: string;
  pay_amount: string;
  pay_currency: string;
  network: string;
  fee: string;
  fee_currency: string;
  /** The pay currency priced in the price currency, as the invoice's `exchange.rate`. */
  rate: string;
}

export type FieldIssue = { field: string; message: string };

/** The sandbox's flat processing fee, in percent of the price (1 %). */
const FEE_PERCENT = 1n;
/** Decimals the sandbox's rates carry (rate-table.ts). */
export const RATE_SCALE = 6;

/** The processing fee on a price, in the price currency's units (rounded half up). */
export const processingFeeUnits = (priceUnits: bigint): bigint => divRound(priceUnits * FEE_PERCENT, 100n);

/**
 * The rate the pay currency is bought at in the price currency now ("1.0" for the same
 * currency); undefined for a pair the sandbox does not quote. Sandbox rates never move.
 */
export function currentRate(payCurrency: string, priceCurrency: string): string | undefined {
  return payCurrency === priceCurrency ? '1.0' : findRate(payCurrency, priceCurrency)?.buy_rate;
}

/**
 * How long an invoice waits for its payment, with its rate frozen [D]: 10 minutes when priced in a
 * fiat currency, 2 hours when priced in a cryptocurrency (no exchange risk to cover).
 */
export const FIAT_PRICED_LIFETIME_MS = 10 * 60_000;
export const CRYPTO_PRICED_LIFETIME_MS = 2 * 60 * 60_000;
export const invoiceLifetimeMs = (priceCurrency: string): number =>
  FIATS.some((f) => f.currency === priceCurrency) ? FIAT_PRICED_LIFETIME_MS : CRYPTO_PRICED_LIFETIME_MS;

/** Validates the currencies and amount together and prices the invoice at the sandbox rate. */
export function priceInvoice(
  req: PriceRequest,
): { ok: true; pricing: Pricing } | { ok: false; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const price = findCurrency(req.price_currency);
  const coin = findCoin(req.pay_currency);
  if (!price) issues.push({ field: 'price_currency', message: `unknown currency ${req.price_currency}` });
  if (!coin)
    issues.push({ field: 'pay_currency', message: `${req.pay_currency} is not a supported pay currency` });
  const network =
    coin && req.network !== undefined
      ? coin.networks.find((n) => n.network === req.network)
      : coin?.networks[0];
  if (coin && !network)
    issues.push({
      field: 'network',
      message: `${coin.currency} is paid on ${coin.networks.map((n) => n.network).join(', ')}`,
    });

  const text = amountText(req.price_amount);
  let priceUnits: bigint | null = null;
  if (text === null) {
    issues.push({ field: 'price_amount', message: 'must be a finite decimal number, e.g. "100.50"' });
  } else if (price) {
    const parsed = parseUnits(text, price.precision);
    if (!parsed.ok) issues.push({ field: 'price_amount', message: parsed.message });
    else if (parsed.units <= 0n) issues.push({ field: 'price_amount', message: 'must be greater than 0' });
    else priceUnits = parsed.units;
  }

  const rateText = price && coin ? currentRate(coin.currency, price.currency) : undefined;
  if (price && coin && rateText === undefined)
    issues.push({
      field: 'pay_currency',
      message: `the pair ${coin.currency}/${price.currency} is not supported`,
    });

  if (issues.length > 0 || !price || !coin || !network || priceUnits === null || rateText === undefined)
    return { ok: false, issues };

  const rate = parseUnits(rateText, RATE_SCALE);
  if (!rate.ok) throw new Error(`bad sandbox rate ${rateText}`);
  // pay = price / rate, rounded up to the coin's precision so the payment always covers the price.
  const payUnits = divCeil(
    priceUnits * pow10(coin.precision + RATE_SCALE),
    rate.units * pow10(price.precision),
  );
  const feeUnits = processingFeeUnits(priceUnits);
  return {
    ok: true,
    pricing: {
      price_amount: formatUnits(priceUnits, price.precision),
      price_currency: price.currency,
      pay_amount: formatUnits(payUnits, coin.precision),
      pay_currency: coin.currency,
      network: network.network,
      fee: formatUnits(feeUnits, price.precision),
      fee_currency: price.currency,
      rate: rateText,
    },
  };
}
