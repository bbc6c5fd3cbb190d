import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paymentUri } from '../../../../src/features/merchant/addresses/addresses.js';
import { expectEnvelope, startTestApp, type TestApp } from '../../../support/test-app.js';
import { newMerchant, type Merchant } from '../merchant-fixture.js';
import { CHANNEL_PERMISSIONS, createChannel, outbox, parseChannel } from './channel-test-kit.js';

let t: TestApp;
let m: Merchant;
let other: Merchant;
beforeAll(async () => {
  t = await startTestApp();
  [m, other] = await Promise.all([newMerchant(t, CHANNEL_PERMISSIONS), newMerchant(t, CHANNEL_PERMISSIONS)]);
});
afterAll(() => t.close());

type Detail = { code: string; target: string; message: string; args: Record<string, unknown> };

/** A 422 `invalid` in Cryptopay's words; its details. */
function invalid(res: Awaited<ReturnType<Merchant['call']>>): Detail[] {
  const body = expectEnvelope(res, 422, 'invalid');
  expect(body.error.message).toBe('invalid');
  return body.error.details as unknown as Detail[];
}

describe('POST /api/channels', () => {
  it('opens a channel with every field of the model', async () => {
    const res = await m.call('POST', '/api/channels', {
      name: 'Donations',
      pay_currency: 'BTC',
      receiver_currency: 'EUR',
    });
    expect(res.statusCode).toBe(201);
    const c = parseChannel(res.json().data);
    expect(c).toEqual({
      id: c.id,
      status: 'enabled',
      name: 'Donations',
      description: null,
      pay_currency: 'BTC',
      receiver_currency: 'EUR',
      address: c.address,
      network: 'bitcoin',
      project_id: m.accountId,
      custom_id: null,
      customer_id: null,
      uri: `bitcoin:${c.address}`,
      hosted_page_url: `${t.config.publicUrl}/channels/${c.id}`,
    });
    expect(c.address).toMatch(/^tb1q/);
    // Channels themselves have no callbacks (CRYPTOPAY-API.md §4.2).
    expect(await outbox(t, { accountId: m.accountId })).toEqual([]);
  });

  it('takes the optional fields; currencies are upper-cased, networks lower-cased; null means not given', async () => {
    const c = await createChannel(m, {
      name: '  Tips  ',
      pay_currency: 'usdt',
      receiver_currency: 'usdt',
      network: 'TRON',
      description: 'tip jar',
      custom_id: 'tips-1',
      customer_id: 'cust-7',
    });
    expect(c).toMatchObject({
      name: 'Tips',
      pay_currency: 'USDT',
      receiver_currency: 'USDT',
      network: 'tron',
      description: 'tip jar',
      custom_id: 'tips-1',
      customer_id: 'cust-7',
    });
    // The URI a wallet opens, with no amount (a channel takes any): for Tron the bare address.
    expect(c.uri).toBe(paymentUri({ currency: 'USDT', network: 'tron', address: c.address }));
    expect(c.uri).not.toMatch(/amount|uint256|value=/);
    const nulls = await createChannel(m, {
      description: null,
      network: null,
      custom_id: null,
      customer_id: null,
    });
    expect(nulls).toMatchObject({
      description: null,
      network: 'bitcoin',
      custom_id: null,
      customer_id: null,
    });
    // A fiat and a crypto receiver currency are both fine.
    expect((await createChannel(m, { pay_currency: 'ETH', receiver_currency: 'GBP' })).network).toBe(
      'ethereum',
    );
  });

  it('names the accepted values of a wrong currency or network (must_be_included_in)', async () => {
    const [pay] = invalid(
      await m.call('POST', '/api/channels', { name: 'x', pay_currency: 'DOGE', receiver_currency: 'EUR' }),
    );
    expect(pay).toMatchObject({ code: 'must_be_included_in', target: 'pay_currency' });
    expect(pay?.args.list).toContain('BTC');
    expect(pay?.args.list).not.toContain('EUR');
    expect(pay?.message).toBe(`must be one of: ${(pay?.args.list as string[]).join(', ')}`);

    expect(
      invalid(
        await m.call('POST', '/api/channels', { name: 'x', pay_currency: 'BTC', receiver_currency: 'ETH' }),
      ),
    ).toEqual([
      {
        code: 'must_be_included_in',
        target: 'receiver_currency',
        message: 'must be one of: EUR, USD, GBP, BTC',
        args: { list: ['EUR', 'USD', 'GBP', 'BTC'] },
      },
    ]);
    expect(
      invalid(
        await m.call('POST', '/api/channels', {
          name: 'x',
          pay_currency: 'USDT',
          receiver_currency: 'EUR',
          network: 'bitcoin',
        }),
      ),
    ).toEqual([
      {
        code: 'must_be_included_in',
        target: 'network',
        message: 'must be one of: ethereum, tron',
        args: { list: ['ethereum', 'tron'] },
      },
    ]);
  });

  it('rejects missing and malformed fields, one detail each, and writes nothing', async () => {
    const fresh = await newMerchant(t, CHANNEL_PERMISSIONS);
    const missing = invalid(await fresh.call('POST', '/api/channels', {}));
    expect(missing.map((d) => d.target).sort()).toEqual(['name', 'pay_currency', 'receiver_currency']);
    const long = invalid(
      await fresh.call('POST', '/api/channels', {
        name: 'x'.repeat(256),
        pay_currency: 'BTC',
        receiver_currency: 'EUR',
      }),
    );
    expect(long).toEqual([expect.objectContaining({ code: 'too_long', target: 'name' })]);
    const empty = invalid(
      await fresh.call('POST', '/api/channels', {
        name: '  ',
        pay_currency: 'BTC',
        receiver_currency: 'EUR',
      }),
    );
    expect(empty).toEqual([expect.objectContaining({ target: 'name' })]);
    const typed = invalid(
      await fresh.call('POST', '/api/channels', { name: 5, pay_currency: 'BTC', receiver_currency: 'EUR' }),
    );
    expect(typed).toEqual([expect.objectContaining({ code: 'invalid_type', target: 'name' })]);
    expect((await fresh.call('GET', '/api/channels')).json().meta).toEqual({ total: 0, has_more: false });
  });

  it('a reused custom_id is 409 duplicate_custom_id; another account may use it', async () => {
    await createChannel(m, { custom_id: 'dup-1' });
    const res = await m.call('POST', '/api/channels', {
      name: 'again',
      pay_currency: 'LTC',
      receiver_currency: 'USD',
      custom_id: 'dup-1',
    });
    const body = expectEnvelope(res, 409, 'duplicate_custom_id');
    expect(body.error).toEqual({ code: 'duplicate_custom_id', message: 'duplicate custom id', details: [] });
    expect((await createChannel(other, { custom_id: 'dup-1' })).custom_id).toBe('dup-1');
  });
});

describe('GET /api/channels/:channel_id and /custom_id/:custom_id', () => {
  it('answers the channel as it was created', async () => {
    const c = await createChannel(m, { custom_id: 'get-1', customer_id: 'cust-get' });
    const byId = await m.call('GET', `/api/channels/${c.id}`);
    expect(byId.statusCode).toBe(200);
    expect(parseChannel(byId.json().data)).toEqual(c);
    const byCustom = await m.call('GET', '/api/channels/custom_id/get-1');
    expect(byCustom.statusCode).toBe(200);
    expect(parseChannel(byCustom.json().data)).toEqual(c);
  });

  it('unknown ids are 404 not_found; a malformed id is 422 must_be_uuid', async () => {
    const nf = expectEnvelope(await m.call('GET', `/api/channels/${randomUUID()}`), 404, 'not_found');
    expect(nf.error).toEqual({ code: 'not_found', message: 'not found', details: [] });
    expectEnvelope(await m.call('GET', '/api/channels/custom_id/nobody'), 404, 'not_found');
    expect(invalid(await m.call('GET', '/api/channels/not-a-uuid'))).toEqual([
      { code: 'must_be_uuid', target: 'channel_id', message: 'must match uuid format', args: {} },
    ]);
  });

  it("another account's channel does not exist, by id or by custom_id", async () => {
    const theirs = await createChannel(other, { custom_id: 'theirs-only' });
    expectEnvelope(await m.call('GET', `/api/channels/${theirs.id}`), 404, 'not_found');
    expectEnvelope(await m.call('GET', '/api/channels/custom_id/theirs-only'), 404, 'not_found');
    expect((await other.call('GET', '/api/channels/custom_id/theirs-only')).statusCode).toBe(200);
  });
});

describe('GET /api/channels', () => {
  it('pages newest first with total and has_more', async () => {
    const p = await newMerchant(t, CHANNEL_PERMISSIONS);
    const [a, b, c] = [await createChannel(p), await createChannel(p), await createChannel(p)];
    const first = await p.call('GET', '/api/channels?limit=2');
    expect(first.statusCode).toBe(200);
    const page = first.json();
    expect(Object.keys(page).sort()).toEqual(['data', 'meta']);
    expect(page.data.map(parseChannel).map((x: { id: string }) => x.id)).toEqual([c.id, b.id]);
    expect(page.meta).toEqual({ total: 3, has_more: true });
    const next = (await p.call('GET', `/api/channels?limit=2&starting_after=${b.id}`)).json();
    expect(next.data.map((x: { id: string }) => x.id)).toEqual([a.id]);
    expect(next.meta).toEqual({ total: 3, has_more: false });
    const all = (await p.call('GET', '/api/channels')).json();
    expect(all.data).toHaveLength(3);
    expect(all.data[0]).toEqual(c);
  });

  it('filters by customer_id (total counts the filtered set)', async () => {
    const p = await newMerchant(t, CHANNEL_PERMISSIONS);
    const x1 = await createChannel(p, { customer_id: 'cust-x' });
    await createChannel(p, { customer_id: 'cust-y' });
    const x2 = await createChannel(p, { customer_id: 'cust-x' });
    await createChannel(p);
    const res = (await p.call('GET', '/api/channels?customer_id=cust-x')).json();
    expect(res.data.map((c: { id: string }) => c.id)).toEqual([x2.id, x1.id]);
    expect(res.meta).toEqual({ total: 2, has_more: false });
    const paged = (
      await p.call('GET', `/api/channels?customer_id=cust-x&limit=1&starting_after=${x2.id}`)
    ).json();
    expect(paged.data.map((c: { id: string }) => c.id)).toEqual([x1.id]);
    expect(paged.meta).toEqual({ total: 2, has_more: false });
    expect((await p.call('GET', '/api/channels?customer_id=nobody')).json()).toEqual({
      data: [],
      meta: { total: 0, has_more: false },
    });
    // The other account's channels of the same customer id are not listed.
    await createChannel(other, { customer_id: 'cust-x' });
    expect((await p.call('GET', '/api/channels?customer_id=cust-x')).json().meta.total).toBe(2);
    // A page boundary survives its channel leaving the filter (customer_id PATCHed meanwhile).
    await p.call('PATCH', `/api/channels/${x2.id}`, { customer_id: 'cust-z' });
    const kept = (await p.call('GET', `/api/channels?customer_id=cust-x&starting_after=${x2.id}`)).json();
    expect(kept.data.map((c: { id: string }) => c.id)).toEqual([x1.id]);
    expect(kept.meta).toEqual({ total: 1, has_more: false });
  });

  it('a cursor outside the list (another account’s channel) is refused; bad paging is 422', async () => {
    const theirs = await createChannel(other);
    expect(invalid(await m.call('GET', `/api/channels?starting_after=${theirs.id}`))).toEqual([
      expect.objectContaining({ code: 'not_found', target: 'starting_after' }),
    ]);
    expect(invalid(await m.call('GET', '/api/channels?starting_after=nope'))).toEqual([
      { code: 'must_be_uuid', target: 'starting_after', message: 'must match uuid format', args: {} },
    ]);
    expect(invalid(await m.call('GET', '/api/channels?limit=101'))).toEqual([
      expect.objectContaining({
        code: 'must_be_less_than_or_equal',
        target: 'limit',
        args: { value: '100' },
      }),
    ]);
    expect(invalid(await m.call('GET', '/api/channels?limit=0'))).toEqual([
      expect.objectContaining({
        code: 'must_be_greater_than_or_equal',
        target: 'limit',
        args: { value: '1' },
      }),
    ]);
  });
});

describe('PATCH /api/channels/:channel_id', () => {
  it('changes name, description, status and customer_id', async () => {
    const c = await createChannel(m, { custom_id: 'patch-1', description: 'old' });
    const res = await m.call('PATCH', `/api/channels/${c.id}`, {
      name: 'Renamed',
      description: 'new words',
      status: 'disabled',
      customer_id: 'cust-patched',
    });
    expect(res.statusCode).toBe(200);
    const updated = parseChannel(res.json().data);
    expect(updated).toEqual({
      ...c,
      name: 'Renamed',
      description: 'new words',
      status: 'disabled',
      customer_id: 'cust-patched',
    });
    expect((await m.call('GET', `/api/channels/${c.id}`)).json().data).toEqual(updated);
    expect(
      (await m.call('GET', '/api/channels?customer_id=cust-patched'))
        .json()
        .data.map((x: { id: string }) => x.id),
    ).toEqual([c.id]);
    const back = await m.call('PATCH', `/api/channels/${c.id}`, { status: 'enabled' });
    expect(parseChannel(back.json().data)).toEqual({ ...updated, status: 'enabled' });
  });

  it('ignores fields a channel keeps for life, and unknown ones; {} changes nothing', async () => {
    const c = await createChannel(m, { custom_id: 'patch-fixed' });
    const res = await m.call('PATCH', `/api/channels/${c.id}`, {
      pay_currency: 'ETH',
      receiver_currency: 'USD',
      network: 'ethereum',
      custom_id: 'changed',
      address: 'elsewhere',
      project_id: randomUUID(),
      colour: 'red',
    });
    expect(res.statusCode).toBe(200);
    expect(parseChannel(res.json().data)).toEqual(c);
    expect(parseChannel((await m.call('PATCH', `/api/channels/${c.id}`, {})).json().data)).toEqual(c);
  });

  it('null clears description and customer_id, and is ignored on name and status', async () => {
    const c = await createChannel(m, { description: 'd', customer_id: 'cust-null' });
    const res = await m.call('PATCH', `/api/channels/${c.id}`, {
      name: null,
      status: null,
      description: null,
      customer_id: null,
    });
    expect(parseChannel(res.json().data)).toEqual({ ...c, description: null, customer_id: null });
  });

  it('validates what it changes', async () => {
    const c = await createChannel(m);
    expect(invalid(await m.call('PATCH', `/api/channels/${c.id}`, { status: 'paused' }))).toEqual([
      {
        code: 'must_be_included_in',
        target: 'status',
        message: 'must be one of: enabled, disabled',
        args: { list: ['enabled', 'disabled'] },
      },
    ]);
    expect(invalid(await m.call('PATCH', `/api/channels/${c.id}`, { name: '' }))).toEqual([
      expect.objectContaining({ target: 'name' }),
    ]);
    expect(
      invalid(await m.call('PATCH', `/api/channels/${c.id}`, { description: 'x'.repeat(1001) })),
    ).toEqual([expect.objectContaining({ code: 'too_long', target: 'description' })]);
    expect((await m.call('GET', `/api/channels/${c.id}`)).json().data).toEqual(c);
  });

  it("unknown and other accounts' channels are 404; a malformed id is must_be_uuid", async () => {
    const theirs = await createChannel(other, { name: 'Theirs' });
    expectEnvelope(
      await m.call('PATCH', `/api/channels/${theirs.id}`, { name: 'Mine now' }),
      404,
      'not_found',
    );
    expect((await other.call('GET', `/api/channels/${theirs.id}`)).json().data.name).toBe('Theirs');
    expectEnvelope(await m.call('PATCH', `/api/channels/${randomUUID()}`, { name: 'x' }), 404, 'not_found');
    expect(invalid(await m.call('PATCH', '/api/channels/123', { name: 'x' }))).toEqual([
      expect.objectContaining({ code: 'must_be_uuid', target: 'channel_id' }),
    ]);
  });
});

describe('permissions', () => {
  it('channels:read reads, channels:write writes; nothing else opens them', async () => {
    const c = await createChannel(m, { custom_id: 'perm-1' });
    const reader = await newMerchant(t, ['channels:read']);
    const writer = await newMerchant(t, ['channels:write']);
    const unrelated = await newMerchant(t, ['invoices:read', 'invoices:write', 'accounts:read']);
    const body = { name: 'x', pay_currency: 'BTC', receiver_currency: 'EUR' };

    expectEnvelope(await reader.call('POST', '/api/channels', body), 403, 'unauthorized');
    expectEnvelope(await reader.call('PATCH', `/api/channels/${c.id}`, { name: 'y' }), 403, 'unauthorized');
    expect((await reader.call('GET', '/api/channels')).statusCode).toBe(200);

    expect((await writer.call('POST', '/api/channels', body)).statusCode).toBe(201);
    for (const path of [
      '/api/channels',
      `/api/channels/${c.id}`,
      '/api/channels/custom_id/perm-1',
      `/api/channels/${c.id}/payments`,
      `/api/channels/${c.id}/payments/${randomUUID()}`,
    ]) {
      expectEnvelope(await writer.call('GET', path), 403, 'unauthorized');
      expectEnvelope(await unrelated.call('GET', path), 403, 'unauthorized');
      expectEnvelope(await t.app.inject({ method: 'GET', url: path }), 401, 'unauthenticated');
    }
    expectEnvelope(await unrelated.call('POST', '/api/channels', body), 403, 'unauthorized');
    expectEnvelope(
      await unrelated.call('PATCH', `/api/channels/${c.id}`, { name: 'y' }),
      403,
      'unauthorized',
    );
    // A refused PATCH changed nothing.
    expect((await m.call('GET', `/api/channels/${c.id}`)).json().data).toEqual(c);
  });
});
