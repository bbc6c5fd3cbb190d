import { describe, expect, it } from 'vitest';
import { parseHttpDate } from '../../../src/core/signature/http-date.js';

const NOW_2026 = Date.UTC(2026, 10, 30, 10, 0, 0);

describe('parseHttpDate accepts the forms of PROTOCOL.md §1', () => {
  const cases: Array<[string, number]> = [
    ['Tue, 25 Sep 2018 17:41:40 GMT', Date.UTC(2018, 8, 25, 17, 41, 40)],
    ['Mon, 30 Nov 2026 10:12:37 GMT', Date.UTC(2026, 10, 30, 10, 12, 37)],
    ['Mon, 30 Nov 2026 10:12:38 +0000', Date.UTC(2026, 10, 30, 10, 12, 38)],
    ['Mon, 30 Nov 2026 08:30:00 -0130', Date.UTC(2026, 10, 30, 10, 0, 0)],
    ['Mon, 30 Nov 2026 12:45:00 +0245', Date.UTC(2026, 10, 30, 10, 0, 0)],
    ['Tue, 2 Jan 2024 03:04:05 GMT', Date.UTC(2024, 0, 2, 3, 4, 5)],
    ['Tue, 02 Jan 2024 03:04:05 GMT', Date.UTC(2024, 0, 2, 3, 4, 5)],
    ['Sunday, 06-Nov-94 08:49:37 GMT', Date.UTC(1994, 10, 6, 8, 49, 37)],
    ['Monday, 30-Nov-26 10:00:00 GMT', Date.UTC(2026, 10, 30, 10, 0, 0)],
    ['Wednesday, 06-Nov-1994 08:49:37 GMT', Date.UTC(1994, 10, 6, 8, 49, 37)],
    ['Sun Nov  6 08:49:37 1994', Date.UTC(1994, 10, 6, 8, 49, 37)],
    ['Sun Nov 6 08:49:37 1994', Date.UTC(1994, 10, 6, 8, 49, 37)],
    ['Mon Nov 30 10:00:00 2026', Date.UTC(2026, 10, 30, 10, 0, 0)],
    ['Thu, 29 Feb 2024 00:00:00 GMT', Date.UTC(2024, 1, 29)],
    ['Tue, 29 Feb 2000 00:00:00 GMT', Date.UTC(2000, 1, 29)],
    // A leap second is a valid time-of-day (RFC 9110); it lands on the following second.
    ['Sat, 31 Dec 2016 23:59:60 GMT', Date.UTC(2017, 0, 1)],
  ];
  for (const [value, expected] of cases) {
    it(JSON.stringify(value), () => {
      expect(parseHttpDate(value, NOW_2026)).toBe(expected);
    });
  }

  it('reads RFC 850 two-digit years as at most 50 years ahead of now (RFC 9110 §5.6.7)', () => {
    expect(parseHttpDate('Sunday, 01-Nov-76 00:00:00 GMT', NOW_2026)).toBe(Date.UTC(2076, 10, 1));
    expect(parseHttpDate('Sunday, 01-Nov-77 00:00:00 GMT', NOW_2026)).toBe(Date.UTC(1977, 10, 1));
    expect(parseHttpDate('Sunday, 01-Nov-77 00:00:00 GMT', Date.UTC(2030, 0, 1))).toBe(Date.UTC(2077, 10, 1));
  });

  it('does not insist on a consistent weekday (redundant, and signed as received)', () => {
    expect(parseHttpDate('Fri, 30 Nov 2026 10:00:00 GMT', NOW_2026)).toBe(NOW_2026);
  });

  it('agrees with toUTCString on random instants, with and without a leading-zero day', () => {
    for (let i = 0; i < 2000; i++) {
      const instant = Math.floor(Math.random() * 4_102_444_800) * 1000; // 1970..2100, whole seconds
      const imf = new Date(instant).toUTCString();
      expect(parseHttpDate(imf)).toBe(instant);
      expect(parseHttpDate(imf.replace(/, 0(\d) /, ', $1 '))).toBe(instant);
    }
  });

  it('agrees with the instant for random numeric zones', () => {
    for (let i = 0; i < 2000; i++) {
      const instant = Math.floor(Math.random() * 4_102_444_800) * 1000;
      const offsetMinutes = Math.floor(Math.random() * (2 * 1439 + 1)) - 1439;
      const local = new Date(instant + offsetMinutes * 60_000).toUTCString().replace(/ GMT$/, '');
      const magnitude = Math.abs(offsetMinutes);
      const zone = `${offsetMinutes < 0 ? '-' : '+'}${String(Math.floor(magnitude / 60)).padStart(2, '0')}${String(magnitude % 60).padStart(2, '0')}`;
      expect(parseHttpDate(`${local} ${zone}`)).toBe(instant);
    }
  });
});

describe('parseHttpDate rejects', () => {
  it('what Date.parse accepts but is no HTTP-date form', () => {
    const notHttpDates = [
      '2026-11-30',
      '2026-11-30T10:00:00Z',
      '170000',
      'Nov 30 2026',
      '30 Nov 2026 10:00:00 GMT',
      'Mon Nov 30 2026 10:00:00 GMT+0000 (Coordinated Universal Time)',
      'Mon, 30 Nov 2026 10:00:00',
      'Mon, 30 Nov 2026 10:00:00 UTC',
      'Mon, 30 Nov 2026 10:00:00 Z',
      'Mon, 30 Nov 2026 10:00 GMT',
      'Mon, 30 Nov 26 10:00:00 GMT',
      'Mon, 30 November 2026 10:00:00 GMT',
      'Monday, 30 Nov 2026 10:00:00 GMT',
      'Mon 30 Nov 2026 10:00:00 GMT',
      'Mon, 30 Nov 2026 10:00:00 +00:00',
    ];
    for (const value of notHttpDates) {
      expect(Number.isNaN(Date.parse(value)), `Date.parse should accept ${value}`).toBe(false);
      expect(parseHttpDate(value, NOW_2026), value).toBeNull();
    }
  });

  it('impossible dates and times (Date.parse would roll 31 Apr over to 1 May)', () => {
    expect(Date.parse('Thu, 31 Apr 2026 10:00:00 GMT')).toBe(Date.UTC(2026, 4, 1, 10));
    const impossible = [
      'Thu, 31 Apr 2026 10:00:00 GMT',
      'Sun, 29 Feb 2026 10:00:00 GMT',
      'Mon, 29 Feb 1900 10:00:00 GMT',
      'Mon, 00 Nov 2026 10:00:00 GMT',
      'Mon, 32 Dec 2026 10:00:00 GMT',
      'Mon, 30 Nov 2026 24:00:00 GMT',
      'Mon, 30 Nov 2026 10:60:00 GMT',
      'Mon, 30 Nov 2026 10:00:61 GMT',
      'Mon, 30 Nov 2026 10:00:00 +2400',
      'Mon, 30 Nov 2026 10:00:00 +0060',
      'Sunday, 31-Apr-26 10:00:00 GMT',
      'Sun Feb 30 10:00:00 2026',
    ];
    for (const value of impossible) expect(parseHttpDate(value, NOW_2026), value).toBeNull();
  });

  it('garbage, case changes, stray whitespace and oversized values', () => {
    const garbage = [
      '',
      'now',
      '1700000000',
      'mon, 30 Nov 2026 10:00:00 GMT',
      'Mon, 30 nov 2026 10:00:00 GMT',
      'Mon, 30 Nov 2026 10:00:00 gmt',
      ' Mon, 30 Nov 2026 10:00:00 GMT',
      'Mon, 30 Nov 2026 10:00:00 GMT ',
      'Mon,  30 Nov 2026 10:00:00 GMT',
      'Mon, 30 Nov 2026 10:00:00 GMT\n',
      'Mon, 3O Nov 2026 10:00:00 GMT',
      'Mon, ３0 Nov 2026 10:00:00 GMT',
      'Xyz, 30 Nov 2026 10:00:00 GMT',
      'Sunday, 06-Nov-94 08:49:37 +0000',
      'Sun Nov  6 08:49:37 1994 GMT',
      `Mon, 30 Nov 2026 10:00:00 GMT${' '.repeat(10_000)}`,
      'M'.repeat(10_240),
    ];
    for (const value of garbage) expect(parseHttpDate(value, NOW_2026), JSON.stringify(value)).toBeNull();
  });
});
