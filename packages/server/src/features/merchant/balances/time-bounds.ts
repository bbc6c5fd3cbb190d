/**
 * `created_at_from` / `created_at_to` of `GET /api/transactions` (ISO 8601) as bounds comparable
 * with the ledger's stored times (`Date#toISOString()`, `2021-10-14T10:51:57.123Z`): the same
 * fixed-width UTC form, so text comparison is time order on both databases. Pure.
 *
 * A value names a span as precise as it is written, and both bounds include all of it [I]:
 * `created_at_to=2021-10-14` reaches the day's last millisecond, `…T10:51:57+00:00` (the wire's own
 * form, whole seconds) that second's — so a movement shown at 10:51:57 is inside `to=10:51:57`.
 * A time without an offset is UTC [I]. A space before the offset digits is read as `+`, since an
 * unencoded `+` in a query string arrives as a space.
 */
const MIN = Date.parse('0000-01-01T00:00:00.000Z');
const MAX = Date.parse('9999-12-31T23:59:59.999Z');

export interface TimeSpan {
  /** First millisecond of the span, ISO (`…Z`). */
  from: string;
  /** Last millisecond of the span, ISO. */
  to: string;
}

const ISO_8601 =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+\- ]\d{2}(?::?\d{2})?)?)?$/;

function offsetMinutes(offset: string | undefined): number | null {
  if (offset === undefined || offset === 'Z') return 0;
  const sign = offset[0] === '-' ? -1 : 1;
  const digits = offset.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  if (hours > 23 || minutes > 59) return null;
  return sign * (hours * 60 + minutes);
}

/** The span `text` names, or null when it is not an ISO 8601 date or date-time. */
export function parseTimeSpan(text: string): TimeSpan | null {
  const m = ISO_8601.exec(text);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, fraction, offset] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h ?? 0);
  const minute = Number(mi ?? 0);
  const second = Number(s ?? 0);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  const offsetMin = offsetMinutes(offset);
  if (offsetMin === null) return null;
  const ms = fraction === undefined ? 0 : Number(fraction.slice(0, 3).padEnd(3, '0'));
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0–99 as 1900–1999.
  const at = new Date(0);
  at.setUTCFullYear(year, month - 1, day);
  // A date that does not exist (31 February) rolls over into the next month.
  if (at.getUTCDate() !== day || at.getUTCMonth() !== month - 1) return null;
  at.setUTCHours(hour, minute, second, ms);
  const start = at.getTime() - offsetMin * 60_000;
  const span =
    h === undefined
      ? 86_400_000
      : s === undefined
        ? 60_000
        : fraction === undefined
          ? 1_000
          : 10 ** Math.max(0, 3 - fraction.length);
  // Kept within years 0000–9999 so every bound has the stored values' fixed width.
  const iso = (t: number) => new Date(Math.min(Math.max(t, MIN), MAX)).toISOString();
  return { from: iso(start), to: iso(start + span - 1) };
}
