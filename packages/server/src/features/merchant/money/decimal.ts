/**
 * Exact decimal amounts as integer units at a fixed scale (BigInt), because money printed from
 * binary floats comes out as 0.30000000000000004. Amounts cross the wire as decimal strings.
 */

/** At most this many integer digits: far above any real price, and well inside what clients parse. */
export const MAX_INTEGER_DIGITS = 15;

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

export type ParseResult = { ok: true; units: bigint } | { ok: false; message: string };

/** Parses a plain decimal string ("12", "12.50") into units at `scale` without any rounding. */
export function parseUnits(text: string, scale: number): ParseResult {
  const m = DECIMAL.exec(text);
  if (!m) return { ok: false, message: 'must be a decimal number such as 100 or 12.50' };
  const whole = m[1] as string;
  const fraction = (m[2] ?? '').replace(/0+$/, '');
  if (whole.replace(/^0+(?=\d)/, '').length > MAX_INTEGER_DIGITS)
    return { ok: false, message: `must have at most ${MAX_INTEGER_DIGITS} digits before the decimal point` };
  if (fraction.length > scale) return { ok: false, message: `must have at most ${scale} decimal places` };
  return { ok: true, units: BigInt(whole + fraction.padEnd(scale, '0')) };
}

/** Units at `scale` as a decimal string with exactly `scale` decimals ("0.00100000"). */
export function formatUnits(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const body = scale === 0 ? whole : `${whole}.${digits.slice(digits.length - scale)}`;
  return negative ? `-${body}` : body;
}

export const pow10 = (n: number): bigint => 10n ** BigInt(n);

/** Ceiling of a / b for positive operands. */
export function divCeil(a: bigint, b: bigint): bigint {
  return (a + b - 1n) / b;
}

/** a / b rounded half up, for non-negative a and positive b. */
export function divRound(a: bigint, b: bigint): bigint {
  return (2n * a + b) / (2n * b);
}

/** Moves units from one scale to another; going down rounds half up. */
export function rescale(units: bigint, from: number, to: number): bigint {
  if (to >= from) return units * pow10(to - from);
  return divRound(units, pow10(from - to));
}

/** "59700.000000" → "59700.0": the shortest form that still reads as a decimal, as rates print. */
export function trimZeros(text: string): string {
  if (!text.includes('.')) return `${text}.0`;
  return text.replace(/0+$/, '').replace(/\.$/, '.0');
}
