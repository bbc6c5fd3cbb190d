import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  coinWithdrawal,
  networkFee,
} from '../../../../src/features/merchant/coin-withdrawals/coin-withdrawal.schemas.js';
import { LOW_RISK } from '../../../../src/features/merchant/wire/common-models.js';
import { expectEnvelope, startTestApp, type TestApp } from '../../../support/test-app.js';
import type { Merchant } from '../merchant-fixture.js';
import {
  balanceOf,
  BTC_ADDRESS,
  BTC_HIGH_RISK,
  create,
  fund,
  ledgerRows,
  NEW_WITHDRAWAL,
  parseWithdrawal,
  withdrawalEvents,
  withdrawalMerchant,
} from './withdrawal-kit.js';

let t: TestApp;
let m: Merchant;
beforeAll(async () => {
  t = await startTestApp();
  m = await withdrawalMerchant(t);
  await fund(t, m.accountId, 'EUR', '10000');
  await fund(t, m.accountId, 'BTC', '1');
});
afterAll(() => t.close());

const detailsOf = (res: Awaited<ReturnType<Merchant['call']>>) =>
  expectEnvelope(res, 422, 'invalid').error.details;

describe('POST /api/coin_withdrawals', () => {
  it('creates a new withdrawal with every CoinWithdrawal field, debits the balance and emits created', async () => {
    const before = await balanceOf(t, m.accountId, 'EUR');
    const res = await m.call('POST', '/api/coin_withdrawals', {
      ...NEW_WITHDRAWAL,
      charged_amount: null,
      charged_amount_to_send: null,
      custom_id: 'payout-1',
      customer_id: 'cust-1',
      some_future_field: 'ignored',
    });
    expect(res.statusCode).toBe(201);
    const w = parseWithdrawal(res.json().data);
    expect(w).toEqual({
      id: w.id,
      custom_id: 'payout-1',
      customer_id: 'cust-1',
      address: BTC_ADDRESS,
      network: 'bitcoin',
      txid: null,
      status: 'new',
      charged_amount: '63.95',
      charged_currency: 'EUR',
      received_amount: '0.001',
      received_currency: 'BTC',
      network_fee: '0.00005',
      network_fee_level: 'average',
      fee: '0.63',
      fee_currency: 'EUR',
      exchange: { pair: 'BTCEUR', rate: '60300.0', fee: '0.0', fee_currency: 'EUR' },
      risk: LOW_RISK,
      created_at: w.created_at,
    });
    expect(before - (await balanceOf(t, m.accountId, 'EUR'))).toBe(6395n);

    const events = await withdrawalEvents(t, w.id);
    expect(events.map((e) => [e.type, e.event, e.accountId])).toEqual([
      ['CoinWithdrawal', 'created', m.accountId],
    ]);
    expect(coinWithdrawal.strict().parse(events[0]?.data)).toEqual(w);

    const movements = (await ledgerRows(t, m.accountId)).filter((r) => r.reference_id === w.id);
    expect(movements).toHaveLength(1);
    expect(movements[0]).toMatchObject({
      amount: '-63.95',
      currency: 'EUR',
      reference_type: 'CoinWithdrawal',
      fee: '0.63',
      fee_currency: 'EUR',
      status: 'new',
      custom_id: 'payout-1',
      customer_id: 'cust-1',
    });
  });

  it('force_commit creates it pending (the string "true" too), at every fee level', async () => {
    expect((await create(m, { force_commit: true })).status).toBe('pending');
    expect((await create(m, { force_commit: 'true' })).status).toBe('pending');
    expect((await create(m, { force_commit: 'false' })).status).toBe('new');
    const fast = await create(m, { network_fee_level: 'fast', force_commit: true });
    expect([fast.network_fee_level, fast.network_fee]).toEqual(['fast', '0.0001']);
    const slow = await create(m, { network_fee_level: 'slow', force_commit: true });
    expect([slow.network_fee_level, slow.network_fee]).toEqual(['slow', '0.00002']);
  });

  it('charged_amount is the exact debit; charged_amount_to_send the amount converted; numbers accepted', async () => {
    const all = await create(m, { received_amount: undefined, charged_amount: 100, force_commit: true });
    expect([all.charged_amount, all.fee, all.received_amount]).toEqual(['100.0', '1.0', '0.00159179']);
    const toSend = await create(m, {
      received_amount: null,
      charged_amount_to_send: '50',
      force_commit: true,
    });
    expect([toSend.charged_amount, toSend.fee, toSend.received_amount]).toEqual([
      '53.55',
      '0.53',
      '0.00082918',
    ]);
  });

  it('from the coin account itself: no exchange, fees in the coin', async () => {
    const before = await balanceOf(t, m.accountId, 'BTC');
    const w = await create(m, { charged_currency: 'BTC', force_commit: true });
    expect(w).toMatchObject({
      charged_amount: '0.0010605',
      charged_currency: 'BTC',
      fee: '0.0000105',
      fee_currency: 'BTC',
      exchange: null,
    });
    expect(before - (await balanceOf(t, m.accountId, 'BTC'))).toBe(106_050n);
  });

  it('a non-default network, named in any case', async () => {
    const w = await create(m, {
      address: 'TJRabPrwbZy45sbavfcjinPJC18kjpRTv8',
      received_currency: 'usdt',
      network: 'TRON',
      received_amount: '10',
      force_commit: true,
    });
    expect(w).toMatchObject({ network: 'tron', received_currency: 'USDT', network_fee: '1.0' });
    expect(w.exchange?.pair).toBe('USDTEUR');
  });

  it('keeps XRP destination tags in the address', async () => {
    const w = await create(m, {
      address: 'rPEPPER7kfTD9w2To4CQk6UCfuHM9c6GDY?dt=0',
      received_currency: 'XRP',
      received_amount: '20',
      force_commit: true,
    });
    expect([w.address, w.network]).toEqual(['rPEPPER7kfTD9w2To4CQk6UCfuHM9c6GDY?dt=0', 'ripple']);
  });

  it('a travel-rule payout needs a valid beneficiary', async () => {
    const beneficiary = {
      type: 'legal_person',
      name: 'Acme Ltd',
      address: { country: 'DE', city: 'Berlin' },
    };
    const ok = await create(m, { travel_rule_compliant: true, beneficiary, force_commit: true });
    expect(ok.status).toBe('pending');
    const details = detailsOf(
      await m.call('POST', '/api/coin_withdrawals', {
        ...NEW_WITHDRAWAL,
        travel_rule_compliant: true,
        beneficiary: { type: 'robot', name: 'R2-D2!', address: { country: 'Germany' } },
      }),
    );
    expect(details.map((d) => [d.code, d.target])).toEqual([
      ['must_be_included_in', 'beneficiary.type'],
      ['invalid_format', 'beneficiary.name'],
      ['too_long', 'beneficiary.address.country'],
    ]);
  });

  it('answers Cryptopay’s detail codes for each invalid field', async () => {
    const post = (body: Record<string, unknown>) =>
      m.call('POST', '/api/coin_withdrawals', { ...NEW_WITHDRAWAL, ...body });
    expect(detailsOf(await post({ address: 'not-an-address' }))).toEqual([
      {
        code: 'invalid_coin_address',
        target: 'address',
        message: 'must be a valid BTC address',
        args: { currency: 'BTC' },
      },
    ]);
    expect(detailsOf(await post({ received_currency: 'DOGE' }))[0]).toMatchObject({
      code: 'must_be_included_in',
      target: 'received_currency',
      args: { list: expect.arrayContaining(['BTC', 'ETH', 'USDT']) },
    });
    expect(detailsOf(await post({ charged_currency: 'JPY' }))[0]).toMatchObject({
      code: 'must_be_included_in',
      target: 'charged_currency',
    });
    expect(detailsOf(await post({ network: 'tron' }))[0]).toMatchObject({
      code: 'must_be_included_in',
      target: 'network',
      args: { list: ['bitcoin'] },
    });
    expect(detailsOf(await post({ network_fee_level: 'turbo' }))[0]).toMatchObject({
      code: 'must_be_included_in',
      target: 'network_fee_level',
      args: { list: ['fast', 'average', 'slow'] },
    });
    expect(detailsOf(await post({ received_amount: null }))).toEqual([
      expect.objectContaining({ code: 'must_be_filled', target: 'charged_amount' }),
    ]);
    expect(detailsOf(await post({ charged_amount: '100' }))).toEqual([
      expect.objectContaining({ code: 'invalid', target: 'received_amount' }),
    ]);
    expect(detailsOf(await post({ received_amount: '0.000000001' }))[0]).toMatchObject({
      code: 'invalid_precision',
      target: 'received_amount',
      args: { precision: 8 },
    });
    expect(detailsOf(await post({ received_amount: null, charged_amount_to_send: '4.99' }))).toEqual([
      {
        code: 'must_be_greater_than_or_equal',
        target: 'charged_amount_to_send',
        message: 'must be greater than or equal to 5.0',
        args: { value: '5.0' },
      },
    ]);
    expect(detailsOf(await post({ received_amount: '0.00008' }))[0]).toMatchObject({
      code: 'must_be_greater_than_or_equal',
      target: 'received_amount',
      args: { value: '0.00008334' },
    });
    expect(detailsOf(await post({ force_commit: 'yes' }))[0]).toMatchObject({ target: 'force_commit' });
    expect(detailsOf(await post({ address: undefined }))[0]).toMatchObject({ target: 'address' });
  });

  it('refuses a screened address with high_risk_address and writes nothing', async () => {
    const rows = (await ledgerRows(t, m.accountId)).length;
    const events = (await withdrawalEvents(t)).length;
    const res = await m.call('POST', '/api/coin_withdrawals', { ...NEW_WITHDRAWAL, address: BTC_HIGH_RISK });
    const body = expectEnvelope(res, 422, 'high_risk_address');
    expect(body.error.details).toEqual([]);
    expect(body.error.message).toMatch(/^[A-Z].+\.$/);
    expect((await ledgerRows(t, m.accountId)).length).toBe(rows);
    expect((await withdrawalEvents(t)).length).toBe(events);
  });

  it('beyond the balance: 422 on charged_amount and received_amount with the maxima; nothing written', async () => {
    const poor = await withdrawalMerchant(t);
    await fund(t, poor.accountId, 'EUR', '50');
    const res = await poor.call('POST', '/api/coin_withdrawals', {
      ...NEW_WITHDRAWAL,
      custom_id: 'too-much',
    });
    expect(detailsOf(res)).toEqual([
      {
        code: 'must_be_less_than_or_equal',
        target: 'charged_amount',
        message: 'must be less than or equal to 50.0',
        args: { value: '50.0' },
      },
      {
        code: 'must_be_less_than_or_equal',
        target: 'received_amount',
        message: 'must be less than or equal to 0.00077089',
        args: { value: '0.00077089' },
      },
    ]);
    expect(await balanceOf(t, poor.accountId, 'EUR')).toBe(5000n);
    expect(await ledgerRows(t, poor.accountId)).toHaveLength(1);
    expect(await withdrawalEvents(t).then((e) => e.filter((x) => x.accountId === poor.accountId))).toEqual(
      [],
    );
    expect((await poor.call('GET', '/api/coin_withdrawals')).json().meta.total).toBe(0);
    // The custom_id was not taken by the refused one.
    expect((await poor.call('GET', '/api/coin_withdrawals/custom_id/too-much')).statusCode).toBe(404);
    // Exactly the maximum fits.
    const max = await create(poor, { received_amount: '0.00077089', force_commit: true });
    expect(await balanceOf(t, poor.accountId, 'EUR')).toBeGreaterThanOrEqual(0n);
    expect(max.received_amount).toBe('0.00077089');
  });

  it('a reused custom_id is 409 duplicate_custom_id, before any balance check; other accounts may reuse it', async () => {
    await create(m, { custom_id: 'dup-1' });
    const res = await m.call('POST', '/api/coin_withdrawals', {
      ...NEW_WITHDRAWAL,
      received_amount: '1000',
      custom_id: 'dup-1',
    });
    const body = expectEnvelope(res, 409, 'duplicate_custom_id');
    expect([body.error.message, body.error.details]).toEqual(['duplicate custom id', []]);
    const other = await withdrawalMerchant(t);
    await fund(t, other.accountId, 'EUR', '100');
    expect((await create(other, { custom_id: 'dup-1' })).custom_id).toBe('dup-1');
  });

  it('needs coin_withdrawals:write, and a key', async () => {
    const reader = await withdrawalMerchant(t, ['coin_withdrawals:read']);
    expectEnvelope(await reader.call('POST', '/api/coin_withdrawals', NEW_WITHDRAWAL), 403, 'unauthorized');
    expectEnvelope(
      await t.app.inject({ method: 'POST', url: '/api/coin_withdrawals', payload: NEW_WITHDRAWAL }),
      401,
      'unauthenticated',
    );
  });
});

describe('GET /api/coin_withdrawals (list, one, by custom_id)', () => {
  let a: Merchant;
  let b: Merchant;
  const ids: string[] = [];
  beforeAll(async () => {
    [a, b] = [await withdrawalMerchant(t), await withdrawalMerchant(t)];
    await fund(t, a.accountId, 'EUR', '1000');
    await fund(t, b.accountId, 'EUR', '1000');
    for (let i = 0; i < 5; i++)
      ids.push(
        (await create(a, { custom_id: `a-${i}`, customer_id: i % 2 ? 'odd' : 'even', force_commit: true }))
          .id,
      );
    await create(b, { custom_id: 'b-0', customer_id: 'odd', force_commit: true });
  });

  it('lists newest first with total and has_more, every item strictly shaped', async () => {
    const res = await a.call('GET', '/api/coin_withdrawals');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(Object.keys(body).sort()).toEqual(['data', 'meta']);
    expect(body.data.map((w: unknown) => parseWithdrawal(w).id)).toEqual([...ids].reverse());
    expect(body.meta).toEqual({ total: 5, has_more: false });
  });

  it('pages with limit and starting_after', async () => {
    const first = (await a.call('GET', '/api/coin_withdrawals?limit=2')).json();
    expect(first.data.map((w: { id: string }) => w.id)).toEqual([ids[4], ids[3]]);
    expect(first.meta).toEqual({ total: 5, has_more: true });
    const second = (await a.call('GET', `/api/coin_withdrawals?limit=2&starting_after=${ids[3]}`)).json();
    expect(second.data.map((w: { id: string }) => w.id)).toEqual([ids[2], ids[1]]);
    expect(second.meta).toEqual({ total: 5, has_more: true });
    const last = (await a.call('GET', `/api/coin_withdrawals?limit=2&starting_after=${ids[1]}`)).json();
    expect(last.data.map((w: { id: string }) => w.id)).toEqual([ids[0]]);
    expect(last.meta).toEqual({ total: 5, has_more: false });
    expect(detailsOf(await a.call('GET', '/api/coin_withdrawals?limit=0'))[0]).toMatchObject({
      target: 'limit',
    });
    expect(detailsOf(await a.call('GET', '/api/coin_withdrawals?limit=101'))[0]).toMatchObject({
      code: 'must_be_less_than_or_equal',
      target: 'limit',
    });
  });

  it('filters by customer_id (total counts the filtered set, the cursor must be in it)', async () => {
    const odd = (await a.call('GET', '/api/coin_withdrawals?customer_id=odd')).json();
    expect(odd.data.map((w: { id: string }) => w.id)).toEqual([ids[3], ids[1]]);
    expect(odd.meta).toEqual({ total: 2, has_more: false });
    const page = (
      await a.call('GET', `/api/coin_withdrawals?customer_id=even&limit=1&starting_after=${ids[4]}`)
    ).json();
    expect(page.data.map((w: { id: string }) => w.id)).toEqual([ids[2]]);
    expect(page.meta).toEqual({ total: 3, has_more: true });
    expect((await a.call('GET', '/api/coin_withdrawals?customer_id=nobody')).json()).toEqual({
      data: [],
      meta: { total: 0, has_more: false },
    });
    expect(
      detailsOf(await a.call('GET', `/api/coin_withdrawals?customer_id=odd&starting_after=${ids[0]}`))[0],
    ).toMatchObject({
      code: 'not_found',
      target: 'starting_after',
    });
  });

  it('gets one by id and by custom_id, exactly as listed', async () => {
    const listed = (await a.call('GET', '/api/coin_withdrawals')).json().data[0];
    const one = await a.call('GET', `/api/coin_withdrawals/${ids[4]}`);
    expect(one.statusCode).toBe(200);
    expect(parseWithdrawal(one.json().data)).toEqual(listed);
    const byCustom = await a.call('GET', '/api/coin_withdrawals/custom_id/a-4');
    expect(byCustom.json()).toEqual({ data: listed });
  });

  it("isolates accounts: B gets 404 for A's ids and custom_ids, and cannot page from them", async () => {
    expectEnvelope(await b.call('GET', `/api/coin_withdrawals/${ids[0]}`), 404, 'not_found');
    expectEnvelope(await b.call('GET', '/api/coin_withdrawals/custom_id/a-0'), 404, 'not_found');
    expect(detailsOf(await b.call('GET', `/api/coin_withdrawals?starting_after=${ids[0]}`))[0]).toMatchObject(
      {
        code: 'not_found',
        target: 'starting_after',
      },
    );
    expectEnvelope(await b.call('POST', `/api/coin_withdrawals/${ids[0]}/commit`), 404, 'not_found');
    expect((await b.call('GET', '/api/coin_withdrawals?customer_id=odd')).json().meta.total).toBe(1);
  });

  it('malformed ids are 422 must_be_uuid, unknown ones 404', async () => {
    expect(detailsOf(await a.call('GET', '/api/coin_withdrawals/nope'))).toEqual([
      { code: 'must_be_uuid', target: 'coin_withdrawal_id', message: 'must match uuid format', args: {} },
    ]);
    expect(detailsOf(await a.call('GET', '/api/coin_withdrawals?starting_after=nope'))[0]).toMatchObject({
      code: 'must_be_uuid',
      target: 'starting_after',
    });
    expectEnvelope(
      await a.call('GET', '/api/coin_withdrawals/7f0c0a3e-8d1b-4b6e-9c2a-3f1e5d7b9a01'),
      404,
      'not_found',
    );
    expectEnvelope(await a.call('GET', '/api/coin_withdrawals/custom_id/none'), 404, 'not_found');
  });

  it('needs coin_withdrawals:read', async () => {
    const writer = await withdrawalMerchant(t, ['coin_withdrawals:write']);
    for (const path of [
      '/api/coin_withdrawals',
      `/api/coin_withdrawals/${ids[0]}`,
      '/api/coin_withdrawals/custom_id/a-0',
      '/api/coin_withdrawals/network_fees',
    ])
      expectEnvelope(await writer.call('GET', path), 403, 'unauthorized');
  });
});

describe('GET /api/coin_withdrawals/network_fees', () => {
  it('lists each default network once per level, {data} without meta', async () => {
    const res = await m.call('GET', '/api/coin_withdrawals/network_fees');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(Object.keys(body)).toEqual(['data']);
    const fees = body.data.map((f: unknown) => networkFee.strict().parse(f));
    expect(fees.slice(0, 3)).toEqual([
      { level: 'fast', fee: '0.0001', currency: 'BTC', network: 'bitcoin' },
      { level: 'average', fee: '0.00005', currency: 'BTC', network: 'bitcoin' },
      { level: 'slow', fee: '0.00002', currency: 'BTC', network: 'bitcoin' },
    ]);
    expect(
      fees
        .filter((f: { currency: string }) => f.currency === 'USDT')
        .map((f: { network: string }) => f.network),
    ).toEqual(['ethereum', 'ethereum', 'ethereum']);
    expect((await m.call('GET', '/api/coin_withdrawals/network_fees?all_networks=false')).json()).toEqual(
      body,
    );
  });

  it('all_networks=true adds every other network', async () => {
    const all = (await m.call('GET', '/api/coin_withdrawals/network_fees?all_networks=true')).json().data;
    const usdt = all.filter((f: { currency: string }) => f.currency === 'USDT');
    expect(usdt.map((f: { network: string; level: string }) => `${f.network}:${f.level}`)).toEqual([
      'ethereum:fast',
      'ethereum:average',
      'ethereum:slow',
      'tron:fast',
      'tron:average',
      'tron:slow',
    ]);
    const fewer = (await m.call('GET', '/api/coin_withdrawals/network_fees')).json().data;
    expect(all.length).toBeGreaterThan(fewer.length);
  });

  it('the fee charged is the one listed', async () => {
    const fees = (await m.call('GET', '/api/coin_withdrawals/network_fees?all_networks=true')).json().data;
    const tronFast = fees.find(
      (f: { currency: string; network: string; level: string }) =>
        f.currency === 'USDT' && f.network === 'tron' && f.level === 'fast',
    );
    const w = await create(m, {
      address: 'TJRabPrwbZy45sbavfcjinPJC18kjpRTv8',
      received_currency: 'USDT',
      network: 'tron',
      network_fee_level: 'fast',
      received_amount: '10',
      force_commit: true,
    });
    expect(w.network_fee).toBe(tronFast.fee);
  });

  it('all_networks must be a boolean', async () => {
    expect(
      detailsOf(await m.call('GET', '/api/coin_withdrawals/network_fees?all_networks=maybe'))[0],
    ).toMatchObject({
      code: 'must_be_included_in',
      target: 'all_networks',
      args: { list: ['true', 'false'] },
    });
  });
});
