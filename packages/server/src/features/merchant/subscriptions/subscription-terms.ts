import type { FieldIssue } from '../../../platform/http/errors.js';
import { ACCOUNT_CURRENCIES, findCoin, findCurrency } from '../currencies.js';
import { amountText } from '../money/amount-param.js';
import { formatUnits, parseUnits } from '../money/decimal.js';
import { wireTime } from '../wire/timestamp.js';

/**
 * The rules of a new subscription that need the catalogue or the clock (CRYPTOPAY-API.md §2.9):
 * the currency is one the sandbox keeps accounts in, the amount is positive with at most that
 * currency's decimals, and `starts_at` is at least three days after the request [D]. Every broken
 * rule is reported at once. Pure: `now` is an argument.
 */

/** How far ahead the first payment's deadline must be, at least [D]. */
export const MIN_LEAD_MS = 3 * 86_400_000;
/** How far ahead it may be, at most [I]: keeps every period in four-digit years. */
export const MAX_LEAD_MS = 10 * 365 * 86_400_000;

export interface SubscriptionTerms {
  /** At the currency's precision, as invoices print it ("10.00"). */
  amount: string;
  currency: string;
  /** Normalised ISO (UTC, milliseconds). */
  starts_at: string;
}

export function checkSubscriptionTerms(
  req: { amount: string | number; currency: string; starts_at: string },
  now: Date,
): { ok: true; terms: SubscriptionTerms } | { ok: false; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const currency = findCurrency(req.currency);
  if (!currency)
    issues.push({
      field: 'currency',
      message: `must be one of: ${ACCOUNT_CURRENCIES.join(', ')}`,
      code: 'must_be_included_in',
      args: { list: [...ACCOUNT_CURRENCIES] },
    });

  let amount: string | null = null;
  const text = amountText(req.amount);
  if (text === null) {
    issues.push({
      field: 'amount',
      message: 'must be a finite decimal number, e.g. "10.00"',
      code: 'invalid',
    });
  } else if (currency) {
    const parsed = parseUnits(text, currency.precision);
    if (!parsed.ok)
      issues.push(
        /decimal places/.test(parsed.message)
          ? {
              field: 'amount',
              message: parsed.message,
              code: 'invalid_precision',
              args: { precision: currency.precision },
            }
          : { field: 'amount', message: parsed.message, code: 'invalid' },
      );
    else if (parsed.units <= 0n)
      issues.push({
        field: 'amount',
        message: 'must be greater than 0',
        code: 'must_be_greater_than',
        args: { value: '0' },
      });
    else amount = formatUnits(parsed.units, currency.precision);
  }

  const startsAt = new Date(req.starts_at);
  // Whole seconds, as the wire shows them, so the bound in the message is the bound applied.
  const earliest = new Date(Math.ceil((now.getTime() + MIN_LEAD_MS) / 1000) * 1000);
  const latest = new Date(Math.floor((now.getTime() + MAX_LEAD_MS) / 1000) * 1000);
  if (Number.isNaN(startsAt.getTime()))
    issues.push({ field: 'starts_at', message: 'must be a timestamp such as 2024-05-01T10:00:00+00:00' });
  else if (startsAt.getTime() < earliest.getTime())
    issues.push({
      field: 'starts_at',
      message: `must be at least 3 days after now, i.e. at or after ${wireTime(earliest)}`,
      code: 'must_be_greater_than_or_equal',
      args: { value: wireTime(earliest) },
    });
  else if (startsAt.getTime() > latest.getTime())
    issues.push({
      field: 'starts_at',
      message: `must be at most 10 years after now, i.e. at or before ${wireTime(latest)}`,
      code: 'must_be_less_than_or_equal',
      args: { value: wireTime(latest) },
    });

  if (issues.length > 0 || !currency || amount === null) return { ok: false, issues };
  return { ok: true, terms: { amount, currency: currency.currency, starts_at: startsAt.toISOString() } };
}

/** What the payer pays a bill in [I]: the subscription's own coin, or BTC for a fiat price. */
export const billPayCurrency = (currency: string): string => (findCoin(currency) ? currency : 'BTC');
