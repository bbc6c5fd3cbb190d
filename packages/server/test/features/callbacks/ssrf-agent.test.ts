import { isIP } from 'node:net';
import { buildConnector } from 'undici';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  SsrfBlockedError,
  createAddressPolicy,
  createCallbackAgent,
  deliverCallback,
  systemLookup,
} from '../../../src/features/callbacks/delivery/index.js';
import type { LookupAll } from '../../../src/features/callbacks/delivery/index.js';
import { startReceiver } from './delivery-receivers.js';
import type { Receiver } from './delivery-receivers.js';

/**
 * Every test here goes through the real agent and the real undici request path. The socket opener
 * underneath is wrapped: it records every address it is asked to dial, and refuses (without
 * opening anything) any address outside 127.0.0.0/8 and ::1, so even a broken policy could not
 * make this suite send a packet off the machine. Refusals are proven by the SsrfBlockedError AND
 * by the opener never having been called.
 */
const dialled: string[] = [];
const realOpen = buildConnector({ timeout: 2000 });
const guardedOpen: buildConnector.connector = (opts, callback) => {
  dialled.push(opts.hostname);
  const loopback = opts.hostname === '::1' || (isIP(opts.hostname) === 4 && opts.hostname.startsWith('127.'));
  if (!loopback) {
    callback(new Error(`test guard: refused to dial ${opts.hostname}`), null);
    return;
  }
  realOpen(opts, callback);
};

// Simulated DNS. Literal-IP URLs must never reach it: that is asserted too.
const looked: string[] = [];
const fakeDns: Record<string, string[]> = {
  'internal.test': ['10.1.2.3'],
  'metadata.test': ['169.254.169.254'],
  'mixed.test': ['93.184.215.14', '10.0.0.1'],
  'mapped.test': ['::ffff:192.168.0.10'],
  'receiver.test': ['127.0.0.1'],
};
let rebindAnswers: string[][] = [];
const lookup: LookupAll = async (hostname) => {
  looked.push(hostname);
  // The real resolver, for the one name /etc/hosts answers without any DNS query leaving the machine.
  if (hostname === 'localhost') return systemLookup(hostname);
  const answers = hostname === 'rebind.test' ? rebindAnswers.shift() : fakeDns[hostname];
  if (answers === undefined) throw Object.assign(new Error(`ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
  return answers.map((address) => ({ address, family: isIP(address) }));
};

const closedAgent = createCallbackAgent({ policy: createAddressPolicy([]), lookup, connector: guardedOpen });
const loopbackAgent = createCallbackAgent({
  policy: createAddressPolicy(['127.0.0.0/8']),
  lookup,
  connector: guardedOpen,
  agentOptions: { keepAliveTimeout: 1, keepAliveMaxTimeout: 1 },
});

const receivers: Receiver[] = [];
afterEach(async () => {
  dialled.length = 0;
  looked.length = 0;
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});
afterAll(async () => {
  await closedAgent.close();
  await loopbackAgent.close();
});

const post = (url: string, dispatcher = closedAgent) =>
  deliverCallback({
    url,
    body: '{}',
    secret: 's',
    eventId: 'evt_1',
    attempt: 1,
    dispatcher,
    timeoutMs: 2000,
  });

describe('WHATWG URL parsing normalises odd IPv4 spellings before the agent sees them', () => {
  it.each([
    ['http://2130706433/', '127.0.0.1'],
    ['http://0x7f000001/', '127.0.0.1'],
    ['http://0177.0.0.1/', '127.0.0.1'],
    ['http://017700000001/', '127.0.0.1'],
    ['http://127.1/', '127.0.0.1'],
    ['http://0x7f.1/', '127.0.0.1'],
    ['http://127.0.0.1./', '127.0.0.1'],
    ['http://0/', '0.0.0.0'],
    ['http://[::ffff:127.0.0.1]/', '[::ffff:7f00:1]'],
    ['http://[0:0:0:0:0:ffff:7f00:1]/', '[::ffff:7f00:1]'],
  ])('%s has hostname %s', (url, hostname) => {
    expect(new URL(url).hostname).toBe(hostname);
  });
});

describe('the callback agent without an allow-list', () => {
  it.each([
    ['http://127.0.0.1/', '127.0.0.1', 'a loopback address'],
    ['http://2130706433/', '127.0.0.1', 'a loopback address'],
    ['http://0x7f000001/', '127.0.0.1', 'a loopback address'],
    ['http://0177.0.0.1/', '127.0.0.1', 'a loopback address'],
    ['http://127.1/', '127.0.0.1', 'a loopback address'],
    ['http://127.0.0.1:8080/admin', '127.0.0.1', 'a loopback address'],
    ['http://[::1]/', '::1', 'a loopback address'],
    ['http://[::ffff:127.0.0.1]/', '::ffff:7f00:1 (127.0.0.1)', 'a loopback address'],
    ['http://[::ffff:7f00:1]/', '::ffff:7f00:1 (127.0.0.1)', 'a loopback address'],
    ['http://[64:ff9b::7f00:1]/', '64:ff9b::7f00:1 (127.0.0.1)', 'a loopback address'],
    ['http://[::127.0.0.1]/', '::7f00:1 (127.0.0.1)', 'a loopback address'],
    ['http://0.0.0.0/', '0.0.0.0', 'an unspecified address'],
    ['http://0/', '0.0.0.0', 'an unspecified address'],
    ['http://[::]/', '::', 'an unspecified address'],
    ['http://10.0.0.1/', '10.0.0.1', 'a private address'],
    ['http://172.16.5.4/', '172.16.5.4', 'a private address'],
    ['http://192.168.1.1/', '192.168.1.1', 'a private address'],
    ['http://[::ffff:10.0.0.1]/', '::ffff:a00:1 (10.0.0.1)', 'a private address'],
    ['http://169.254.169.254/latest/meta-data/', '169.254.169.254', 'the cloud metadata address'],
    ['http://[::ffff:169.254.169.254]/', '::ffff:a9fe:a9fe (169.254.169.254)', 'the cloud metadata address'],
    ['http://100.64.0.1/', '100.64.0.1', 'a carrier-grade NAT address'],
    ['http://224.0.0.1/', '224.0.0.1', 'a multicast address'],
    ['http://255.255.255.255/', '255.255.255.255', 'a broadcast address'],
    ['http://240.0.0.1/', '240.0.0.1', 'a reserved address'],
    ['http://[fc00::1]/', 'fc00::1', 'a unique local address'],
    ['http://[fd00:ec2::254]/', 'fd00:ec2::254', 'a unique local address'],
    ['http://[fe80::1]/', 'fe80::1', 'a link-local address'],
    ['http://[ff02::1]/', 'ff02::1', 'a multicast address'],
    ['https://10.0.0.1/', '10.0.0.1', 'a private address'],
    ['https://[::1]:8443/', '::1', 'a loopback address'],
  ])('refuses %s before connecting (%s is %s)', async (url, shown, label) => {
    const result = await post(url);
    expect(result).toMatchObject({ ok: false, httpStatus: null, error: `refused: ${shown} is ${label}` });
    expect(dialled).toEqual([]);
    expect(looked).toEqual([]); // literal IPs never touch DNS
  });

  it.each([
    ['http://localhost/', 'localhost', 'a loopback address'],
    ['http://internal.test/', 'internal.test', 'a private address'],
    ['http://metadata.test/', 'metadata.test', 'the cloud metadata address'],
    ['http://mapped.test/', 'mapped.test', 'a private address'],
  ])('refuses %s, whose DNS answer is internal', async (url, host, label) => {
    const result = await post(url);
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(
      new RegExp(`^refused: ${host.replace('.', '\\.')} resolves to .+, which is ${label}$`),
    );
    expect(looked).toEqual([host]);
    expect(dialled).toEqual([]);
  });

  it('refuses a name if ANY of its addresses is internal, without dialling the public one', async () => {
    const result = await post('http://mixed.test/');
    expect(result.error).toBe('refused: mixed.test resolves to 10.0.0.1, which is a private address');
    expect(dialled).toEqual([]);
  });

  it('surfaces an SsrfBlockedError carrying the address through undici', async () => {
    const err = await closedAgent
      .request({ origin: 'http://internal.test', path: '/', method: 'POST', body: '{}' })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(err).toBeInstanceOf(SsrfBlockedError);
    expect(err).toMatchObject({ hostname: 'internal.test', address: '10.1.2.3', label: 'a private address' });
    expect(dialled).toEqual([]);
  });

  it('refuses the real 127.0.0.1 receiver, which therefore never sees a request', async () => {
    const r = await startReceiver((_q, res) => res.end('ok'));
    receivers.push(r);
    const result = await post(`${r.url}/`);
    expect(result.error).toBe('refused: 127.0.0.1 is a loopback address');
    expect(r.received).toHaveLength(0);
  });
});

describe('the callback agent with the allow-list 127.0.0.0/8', () => {
  it('reaches the 127.0.0.1 receiver, dialling exactly the checked address', async () => {
    const r = await startReceiver((_q, res) => res.end('ok'));
    receivers.push(r);
    const result = await post(`${r.url}/`, loopbackAgent);
    expect(result).toMatchObject({ ok: true, httpStatus: 200 });
    expect(r.received).toHaveLength(1);
    expect(dialled).toEqual(['127.0.0.1']);
  });

  it('still refuses everything outside the allowed range', async () => {
    for (const url of [
      'http://[::1]/',
      'http://10.0.0.1/',
      'http://169.254.169.254/',
      'http://internal.test/',
    ]) {
      expect((await post(url, loopbackAgent)).error).toMatch(/^refused: /);
    }
    expect(dialled).toEqual([]);
  });

  it('re-checks DNS on every new connection, so a rebinding name is refused the second time', async () => {
    const r = await startReceiver((_q, res) => {
      res.setHeader('connection', 'close');
      res.end('ok');
    });
    receivers.push(r);
    rebindAnswers = [['127.0.0.1'], ['10.0.0.1']];
    const first = await post(`http://rebind.test:${r.port}/`, loopbackAgent);
    expect(first).toMatchObject({ ok: true, httpStatus: 200 });
    const second = await post(`http://rebind.test:${r.port}/`, loopbackAgent);
    expect(second.error).toBe('refused: rebind.test resolves to 10.0.0.1, which is a private address');
    expect(dialled).toEqual(['127.0.0.1']);
    expect(r.received).toHaveLength(1);
  });

  it('falls through to the next checked address when one is unreachable', async () => {
    const r = await startReceiver((_q, res) => res.end('ok'));
    receivers.push(r);
    fakeDns['two.test'] = ['127.0.0.2', '127.0.0.1']; // nothing listens on 127.0.0.2
    const result = await post(`http://two.test:${r.port}/`, loopbackAgent);
    expect(result).toMatchObject({ ok: true, httpStatus: 200 });
    expect(dialled).toEqual(['127.0.0.2', '127.0.0.1']);
  });
});
