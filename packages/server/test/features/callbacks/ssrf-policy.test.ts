import { describe, expect, it } from 'vitest';
import {
  InvalidNetworkError,
  createAddressPolicy,
  parseNetworkList,
} from '../../../src/features/callbacks/delivery/ssrf.js';

const closed = createAddressPolicy([]);

describe('address policy without an allow-list', () => {
  it.each([
    ['127.0.0.1', 'a loopback address'],
    ['127.255.255.254', 'a loopback address'],
    ['::1', 'a loopback address'],
    ['0.0.0.0', 'an unspecified address'],
    ['0.1.2.3', 'an unspecified address'],
    ['::', 'an unspecified address'],
    ['10.0.0.1', 'a private address'],
    ['172.16.5.4', 'a private address'],
    ['172.31.255.255', 'a private address'],
    ['192.168.1.1', 'a private address'],
    ['169.254.169.254', 'the cloud metadata address'],
    ['169.254.1.1', 'a link-local address'],
    ['fe80::1', 'a link-local address'],
    ['fe80::1%eth0', 'a link-local address'],
    ['febf::1', 'a link-local address'],
    ['100.64.0.1', 'a carrier-grade NAT address'],
    ['100.127.255.255', 'a carrier-grade NAT address'],
    ['224.0.0.1', 'a multicast address'],
    ['239.255.255.250', 'a multicast address'],
    ['ff02::1', 'a multicast address'],
    ['255.255.255.255', 'a broadcast address'],
    ['240.0.0.1', 'a reserved address'],
    ['192.0.0.8', 'a reserved address'],
    ['fc00::1', 'a unique local address'],
    ['fd12:3456::1', 'a unique local address'],
    ['fec0::1', 'a deprecated site-local address'],
    ['192.0.2.1', 'a documentation address'],
    ['2001:db8::1', 'a documentation address'],
    ['198.18.0.1', 'a benchmarking address'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'a Teredo tunnel address'],
    ['2002:7f00:1::', 'a 6to4 tunnel address'],
    ['64:ff9b:1::a00:1', 'a local-use NAT64 address'],
    ['100::1', 'a discard-only address'],
    ['4000::1', 'a reserved IPv6 address'],
    ['::ffff:0:a00:1', 'a reserved IPv6 address'],
  ])('refuses %s as %s', (ip, label) => {
    const verdict = closed.check(ip);
    expect(verdict.allowed).toBe(false);
    expect(verdict.label).toBe(label);
    expect(closed.isAllowed(ip)).toBe(false);
    expect(closed.reason(ip)).toBe(`${ip} is ${label}`);
  });

  it.each([
    ['::ffff:127.0.0.1', '127.0.0.1', 'a loopback address'],
    ['::ffff:7f00:1', '127.0.0.1', 'a loopback address'],
    ['0:0:0:0:0:ffff:a00:1', '10.0.0.1', 'a private address'],
    ['::ffff:169.254.169.254', '169.254.169.254', 'the cloud metadata address'],
    ['::127.0.0.1', '127.0.0.1', 'a loopback address'],
    ['::a00:1', '10.0.0.1', 'a private address'],
    ['64:ff9b::7f00:1', '127.0.0.1', 'a loopback address'],
    ['64:ff9b::192.168.0.1', '192.168.0.1', 'a private address'],
  ])('judges the embedded IPv4 of %s (%s)', (ip, v4, label) => {
    const verdict = closed.check(ip);
    expect(verdict).toMatchObject({ allowed: false, effective: v4, label });
    expect(verdict.reason).toBe(`${ip} (${v4}) is ${label}`);
  });

  it.each([
    '93.184.215.14',
    '8.8.8.8',
    '1.1.1.1',
    '172.32.0.1',
    '100.128.0.1',
    '2606:4700::1111',
    '2a00:1450::1',
  ])('allows the public address %s', (ip) => {
    expect(closed.check(ip)).toMatchObject({ allowed: true, label: 'a public address' });
  });

  it('allows mapped and NAT64 forms of public IPv4 addresses', () => {
    expect(closed.isAllowed('::ffff:8.8.8.8')).toBe(true);
    expect(closed.isAllowed('64:ff9b::808:808')).toBe(true);
  });

  it('fails closed on anything that is not an IP address', () => {
    // BlockList.check() itself answers false ("not blocked") for these.
    for (const junk of ['', 'localhost', '127.1', '2130706433', '0x7f000001', '1.2.3.4.5', '::g', 'fe80::1%'])
      expect(closed.check(junk)).toMatchObject({ allowed: false, label: 'not an IP address' });
  });
});

describe('operator allow-list', () => {
  it('opens exactly the listed ranges', () => {
    const policy = createAddressPolicy(['127.0.0.0/8', '10.1.0.0/16', 'fd00::/8']);
    expect(policy.check('127.0.0.1')).toMatchObject({ allowed: true, label: 'in the operator allow-list' });
    expect(policy.reason('10.1.2.3')).toBe('10.1.2.3 is in the operator allow-list');
    expect(policy.isAllowed('fd00::5')).toBe(true);
    expect(policy.isAllowed('10.2.0.1')).toBe(false);
    expect(policy.isAllowed('::1')).toBe(false);
    expect(policy.isAllowed('fc00::1')).toBe(false);
    expect(policy.isAllowed('169.254.169.254')).toBe(false);
  });

  it('covers the IPv4-mapped and NAT64 forms of listed IPv4 ranges', () => {
    const policy = createAddressPolicy(['127.0.0.0/8']);
    expect(policy.isAllowed('::ffff:127.0.0.1')).toBe(true);
    expect(policy.isAllowed('64:ff9b::7f00:1')).toBe(true);
  });

  it('accepts bare addresses as single hosts', () => {
    const policy = createAddressPolicy(['192.168.1.10']);
    expect(policy.isAllowed('192.168.1.10')).toBe(true);
    expect(policy.isAllowed('192.168.1.11')).toBe(false);
  });
});

describe('parseNetworkList', () => {
  it('splits on commas and whitespace and ignores empties', () => {
    expect(parseNetworkList('')).toEqual([]);
    expect(parseNetworkList(' 127.0.0.0/8, 10.0.0.0/8 ,,fd00::/8\n::1')).toEqual([
      '127.0.0.0/8',
      '10.0.0.0/8',
      'fd00::/8',
      '::1',
    ]);
  });

  it.each([
    '10.0.0.0/33',
    '::/129',
    '10.0.0/8',
    'localhost',
    '10.0.0.0/',
    '10.0.0.0/0x8',
    '10.0.0.0/-1',
    'fe80::1%eth0/64',
    '*',
  ])('rejects %s with an error naming the entry', (bad) => {
    expect(() => parseNetworkList(`127.0.0.0/8, ${bad}`)).toThrow(InvalidNetworkError);
    expect(() => parseNetworkList(`127.0.0.0/8, ${bad}`)).toThrow(`invalid network "${bad}"`);
  });

  it('createAddressPolicy validates its entries the same way', () => {
    expect(() => createAddressPolicy(['300.0.0.0/8'])).toThrow('invalid network "300.0.0.0/8"');
  });
});
