import type { FieldIssue } from '../../../platform/http/errors.js';
import { formatUnits, parseUnits, trimZeros } from './decimal.js';

/**
 * Decimal text as given. JSON numbers arrive already parsed, so only their plain renderings are
 * accepted: `1e400` (Infinity), `1e21` or `1e-7` get a clear message instead of a silently
 * rounded amount.
 */
export function amountText(value: string | number): string | null {
  if (typeof value === 'string') return value;
  if (!Number.isFinite(value)) return null;
  const text = String(value);
  return /e/i.test(text) ? null : text;
}

export type AmountParamResult = { ok: true; units: bigint } | { ok: false; issue: FieldIssue };

/**
 * One amount parameter of a quote (`charged_amount`, `received_amount`) as units at its
 * currency's `precision`, at least `min` units. A negative amount is answered like a too small
 * one, with the bound, rather than as malformed: the client's mistake is the sign, not the syntax.
 */
export function parseAmountParam(
  field: string,
  value: string | number,
  precision: number,
  min: bigint,
): AmountParamResult {
  const fail = (issue: FieldIssue): AmountParamResult => ({ ok: false, issue });
  const text = amountText(value);
  if (text !== null && /^-\d+(\.\d+)?$/.test(text)) return fail(atLeast(field, min, precision));
  if (text === null)
    return fail({
      field,
      message: 'must be a finite decimal number, e.g. "100.50"',
      code: 'invalid',
      args: {},
    });
  const parsed = parseUnits(text, precision);
  if (!parsed.ok)
    return fail(
      /decimal places/.test(parsed.message)
        ? { field, message: parsed.message, code: 'invalid_precision', args: { precision } }
        : { field, message: parsed.message, code: 'invalid', args: {} },
    );
  if (parsed.units < min) return fail(atLeast(field, min, precision));
  return { ok: true, units: parsed.units };
}

function atLeast(field: string, min: bigint, precision: number): FieldIssue {
  // Wire form, as the quotes show amounts: "5.0", "0.00008334".
  const value = trimZeros(formatUnits(min, precision));
  return {
    field,
    message: `must be greater than or equal to ${value}`,
    code: 'must_be_greater_than_or_equal',
    args: { value },
  };
}
