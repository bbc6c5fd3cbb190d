import { describe, expect, it } from 'vitest';
import {
  buildWhitelist,
  ipAllowed,
  MAX_WHITELIST_ENTRIES,
  parseIpWhitelist,
  parseWhitelistEntry,
} from '../../../src/features/api-keys/ip-whitelist.js';

describe('parseIpWhitelist', () => {
  it('accepts and normalises IPv4, IPv6 and CIDR entries', () => {
    expect(
      parseIpWhitelist([
        '203.0.113.7',
        ' 10.0.0.0/8 ',
        '2001:DB8:0:0:0:0:0:1',
        '2001:db8::/32',
        '::ffff:192.0.2.1',
        '0.0.0.0/0',
        '::/0',
        '192.0.2.9/32',
        '2001:db8::9/128',
      ]),
    ).toEqual({
      ok: true,
      entries: [
        '203.0.113.7',
        '10.0.0.0/8',
        '2001:db8::1',
        '2001:db8::/32',
        '192.0.2.1',
        '0.0.0.0/0',
        '::/0',
        '192.0.2.9/32',
        '2001:db8::9/128',
      ],
    });
  });

  it('drops duplicates that only differ in spelling', () => {
    expect(parseIpWhitelist(['2001:db8::1', '2001:DB8::0001', '10.0.0.1'])).toEqual({
      ok: true,
      entries: ['2001:db8::1', '10.0.0.1'],
    });
  });

  it('names every bad entry by its index', () => {
    const result = parseIpWhitelist(['10.0.0.1', 'localhost', '10.0.0.0/33', '::1/129', '1.2.3']);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.field)).toEqual([
      'ip_whitelist.1',
      'ip_whitelist.2',
      'ip_whitelist.3',
      'ip_whitelist.4',
    ]);
  });

  it.each([
    '',
    ' ',
    '256.0.0.1',
    '010.0.0.1',
    '10.0.0.1/',
    '10.0.0.1/08',
    '10.0.0.1/-1',
    '10.0.0.1/8/8',
    '10.0.0.0 /8',
    'fe80::1%eth0',
    '2001:db8:::1',
    '[::1]',
    '::1/1.0',
    '1.2.3.4:80',
    'example.com',
    '*',
  ])('rejects %j', (entry) => {
    expect(parseWhitelistEntry(entry)).toBeNull();
  });

  it('caps the list', () => {
    const many = Array.from({ length: MAX_WHITELIST_ENTRIES + 1 }, (_, i) => `10.0.${i >> 8}.${i & 255}`);
    expect(parseIpWhitelist(many)).toEqual({
      ok: false,
      errors: [{ field: 'ip_whitelist', message: `at most ${MAX_WHITELIST_ENTRIES} entries` }],
    });
    expect(parseIpWhitelist(many.slice(1)).ok).toBe(true);
  });
});

describe('ipAllowed', () => {
  it('an empty whitelist allows any address', () => {
    expect(buildWhitelist([])).toBeNull();
    expect(ipAllowed(null, '198.51.100.1')).toBe(true);
  });

  it('matches addresses and ranges of both families, including IPv4-mapped IPv6', () => {
    const list = buildWhitelist(['203.0.113.7', '10.1.0.0/16', '2001:db8::1', '2001:db8:aa::/48']);
    expect(ipAllowed(list, '203.0.113.7')).toBe(true);
    expect(ipAllowed(list, '::ffff:203.0.113.7')).toBe(true);
    expect(ipAllowed(list, '10.1.200.3')).toBe(true);
    expect(ipAllowed(list, '2001:db8:0::1')).toBe(true);
    expect(ipAllowed(list, '2001:db8:aa:1::5')).toBe(true);
    expect(ipAllowed(list, '203.0.113.8')).toBe(false);
    expect(ipAllowed(list, '10.2.0.1')).toBe(false);
    expect(ipAllowed(list, '2001:db8:ab::1')).toBe(false);
    expect(ipAllowed(list, 'not an ip')).toBe(false);
  });

  it('a stored list whose entries are all unreadable allows nobody', () => {
    expect(ipAllowed(buildWhitelist(['bogus']), '127.0.0.1')).toBe(false);
  });
});
