// Lenient HTTP-date parsing for the request `Date` header (PROTOCOL.md §1). Real clients send
// IMF-fixdate, RFC 2822 with a numeric zone, a day without its leading zero, and the obsolete
// RFC 850 and asctime forms. Date.parse is not usable: it also accepts ISO dates, bare numbers and
// implementation-defined text, and silently rolls impossible dates over (31 Apr -> 1 May).
//
// Deliberately not checked: that the weekday matches the date. It is redundant, the header enters
// the StringToSign as received (so it cannot be altered undetected), and clients with a wrong
// weekday still mean the instant they spell out.

const MONTH_INDEX: Readonly<Record<string, number>> = {
  Jan: 0,
  Feb: 1,
  Mar: 2,
  Apr: 3,
  May: 4,
  Jun: 5,
  Jul: 6,
  Aug: 7,
  Sep: 8,
  Oct: 9,
  Nov: 10,
  Dec: 11,
};

const MONTHS = 'Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec';
const SHORT_DAYS = 'Mon|Tue|Wed|Thu|Fri|Sat|Sun';
const LONG_DAYS = 'Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday';

// `Sun, 06 Nov 1994 08:49:37 GMT`, `Sun, 6 Nov 1994 08:49:37 GMT`, `Sun, 06 Nov 1994 08:49:37 -0130`
const IMF_OR_RFC2822 = new RegExp(
  `^(?:${SHORT_DAYS}), (\\d{1,2}) (${MONTHS}) (\\d{4}) (\\d{2}):(\\d{2}):(\\d{2}) (GMT|[+-]\\d{4})$`,
);
// `Sunday, 06-Nov-94 08:49:37 GMT` (a four-digit year is tolerated)
const RFC850 = new RegExp(
  `^(?:${LONG_DAYS}), (\\d{1,2})-(${MONTHS})-(\\d{2}|\\d{4}) (\\d{2}):(\\d{2}):(\\d{2}) GMT$`,
);
// `Sun Nov  6 08:49:37 1994` (day space-padded; `Nov 6` and `Nov 06` tolerated)
const ASCTIME = new RegExp(
  `^(?:${SHORT_DAYS}) (${MONTHS}) ( ?\\d|\\d{2}) (\\d{2}):(\\d{2}):(\\d{2}) (\\d{4})$`,
);

// Shortest form: `Sun Nov 6 08:49:37 1994`; longest: `Wednesday, 06-Nov-1994 08:49:37 GMT`.
// Checking the length first keeps oversized header values away from the regexes.
const MIN_LENGTH = 23;
const MAX_LENGTH = 35;

/**
 * Milliseconds since the epoch, or null when `value` is not one of the accepted HTTP-date forms
 * or names an impossible date/time. `now` only matters for RFC 850's two-digit years, which are
 * read per RFC 9110 §5.6.7: a year more than 50 years ahead of `now` is the previous century.
 */
export function parseHttpDate(value: string, now: number = Date.now()): number | null {
  if (value.length < MIN_LENGTH || value.length > MAX_LENGTH) return null;

  // The fourth character tells the forms apart: `Sun,` / `Sun ` / `Sunday,`.
  const separator = value.charCodeAt(3);
  if (separator === 0x2c /* , */) {
    const m = IMF_OR_RFC2822.exec(value);
    if (!m) return null;
    const offsetMinutes = zoneOffsetMinutes(m[7]!);
    if (offsetMinutes === null) return null;
    const utc = toUtcMillis(+m[3]!, m[2]!, +m[1]!, +m[4]!, +m[5]!, +m[6]!);
    return utc === null ? null : utc - offsetMinutes * 60_000;
  }
  if (separator === 0x20 /* space */) {
    const m = ASCTIME.exec(value);
    if (!m) return null;
    return toUtcMillis(+m[6]!, m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!);
  }
  const m = RFC850.exec(value);
  if (!m) return null;
  const yearText = m[3]!;
  const year = yearText.length === 2 ? expandTwoDigitYear(+yearText, now) : +yearText;
  return toUtcMillis(year, m[2]!, +m[1]!, +m[4]!, +m[5]!, +m[6]!);
}

function zoneOffsetMinutes(zone: string): number | null {
  if (zone === 'GMT') return 0;
  const hours = +zone.slice(1, 3);
  const minutes = +zone.slice(3, 5);
  if (hours > 23 || minutes > 59) return null;
  const magnitude = hours * 60 + minutes;
  return zone.charCodeAt(0) === 0x2d /* - */ ? -magnitude : magnitude;
}

function expandTwoDigitYear(twoDigits: number, now: number): number {
  const currentYear = new Date(now).getUTCFullYear();
  const year = currentYear - (currentYear % 100) + twoDigits;
  return year > currentYear + 50 ? year - 100 : year;
}

function toUtcMillis(
  year: number,
  monthName: string,
  day: number,
  hour: number,
  minute: number,
  second: number,
): number | null {
  const month = MONTH_INDEX[monthName];
  if (month === undefined) return null;
  // Second 60 is a leap second (RFC 9110 §5.6.7); it lands on the next second's instant.
  if (day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 60) return null;
  const millis = Date.UTC(year, month, day, hour, minute, second);
  // Date.UTC maps years 0-99 to 1900-1999; put them back where they were written.
  return year < 100 ? new Date(millis).setUTCFullYear(year) : millis;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

function daysInMonth(year: number, month: number): number {
  if (month === 1 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) return 29;
  return DAYS_IN_MONTH[month]!;
}
