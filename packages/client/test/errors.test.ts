import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import {
  isSignetApiError,
  MERCHANT_ERROR_CODES,
  SignetApiError,
  SignetClient,
  SignetError,
  type InvalidDetail,
  type MerchantErrorCode,
} from '../src/index.js';

const REQUEST_ID = 'f'.repeat(32);

/** Error envelopes exactly as the merchant API answers them (PROTOCOL.md §1.1). */
const ENVELOPES = {
  invalid: {
    status: 422,
    error: {
      code: 'invalid',
      message: 'invalid',
      details: [
        {
          code: 'must_be_included_in',
          target: 'pay_currency',
          message: 'must be one of: BTC, ETH',
          args: { list: ['BTC', 'ETH'] },
        },
        {
          code: 'must_be_less_than_or_equal',
          target: 'charged_amount',
          message: 'must be less than or equal to 1.5',
          args: { value: '1.5' },
        },
        {
          code: 'must_be_less_than_or_equal',
          target: 'received_amount',
          message: 'must be less than or equal to 0.0001',
          args: { value: '0.0001' },
        },
      ],
    },
  },
  badSignature: {
    status: 401,
    error: {
      code: 'unauthenticated',
      message: 'unauthenticated',
      details: [
        {
          reason: 'bad_signature',
          string_to_sign: 'GET\n\napplication/json\nMon, 30 Nov 2026 10:00:00 GMT\n/api/invoices/x',
        },
      ],
    },
  },
  ipNotAllowed: {
    status: 403,
    error: { code: 'ip_not_allowed', message: 'ip not allowed', details: [{ reason: 'ip_not_allowed' }] },
  },
  duplicate: {
    status: 409,
    error: { code: 'duplicate_custom_id', message: 'duplicate custom id', details: [] },
  },
  notFound: { status: 404, error: { code: 'not_found', message: 'not found', details: [] } },
} as const;

let server: Server;
let baseUrl: string;
let answer: { status: number; error: unknown } = ENVELOPES.notFound;

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(answer.status, { 'Content-Type': 'application/json', 'X-Request-Id': REQUEST_ID });
      res.end(JSON.stringify({ error: answer.error, meta: { request_id: REQUEST_ID } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const client = () => new SignetClient({ apiKey: 'Lk3vQ8pZrT2nW6yB1cXeHg', apiSecret: 'secret', baseUrl });

async function failureFor(envelope: { status: number; error: unknown }): Promise<SignetApiError> {
  answer = envelope;
  const error = await client()
    .invoices.retrieve('x')
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(SignetApiError);
  return error as SignetApiError;
}

describe('SignetApiError on the merchant API', () => {
  it('a 422 invalid exposes its fields as {code, target, message, args}', async () => {
    const error = await failureFor(ENVELOPES.invalid);
    expect([error.status, error.code, error.message, error.requestId]).toEqual([
      422,
      'invalid',
      'invalid',
      REQUEST_ID,
    ]);
    expect(error.invalidFields).toEqual(ENVELOPES.invalid.error.details);
    expect(error.fieldError('pay_currency')?.args).toEqual({ list: ['BTC', 'ETH'] });
    // Insufficient funds names both amounts, with the maximum each may be.
    expect(error.fieldError('charged_amount')).toMatchObject({
      code: 'must_be_less_than_or_equal',
      args: { value: '1.5' },
    });
    expect(error.fieldError('nope')).toBeUndefined();
    expect(error.reason).toBeUndefined();
    expect(error.stringToSign).toBeUndefined();
  });

  it("a 401 carries Signet's reason and StringToSign inside details", async () => {
    const error = await failureFor(ENVELOPES.badSignature);
    expect([error.status, error.code]).toEqual([401, 'unauthenticated']);
    expect(error.reason).toBe('bad_signature');
    expect(error.stringToSign).toBe(ENVELOPES.badSignature.error.details[0].string_to_sign);
    // Not a field failure: no `{code, target}`.
    expect(error.invalidFields).toEqual([]);
  });

  it('403 ip_not_allowed, 409 duplicate_custom_id and 404 not_found read as codes', async () => {
    const ip = await failureFor(ENVELOPES.ipNotAllowed);
    expect([ip.status, ip.code, ip.message, ip.reason]).toEqual([
      403,
      'ip_not_allowed',
      'ip not allowed',
      'ip_not_allowed',
    ]);
    expect(isSignetApiError(ip, 'ip_not_allowed')).toBe(true);
    expect(isSignetApiError(ip, 'unauthorized')).toBe(false);
    const duplicate = await failureFor(ENVELOPES.duplicate);
    expect([duplicate.status, duplicate.code, duplicate.details]).toEqual([409, 'duplicate_custom_id', []]);
    const missing = await failureFor(ENVELOPES.notFound);
    expect([missing.status, missing.code, missing.message]).toEqual([404, 'not_found', 'not found']);
  });
});

describe('SignetApiError itself', () => {
  it('keeps only object details, as sent', () => {
    const error = new SignetApiError({
      status: 422,
      code: 'invalid',
      message: 'invalid',
      details: [
        { code: 'must_be_uuid', target: 'starting_after', message: 'must match uuid format', args: {} },
        'junk',
        null,
        [1],
        7,
      ],
    });
    expect(error.details).toEqual([
      { code: 'must_be_uuid', target: 'starting_after', message: 'must match uuid format', args: {} },
    ]);
    expect(error).toBeInstanceOf(SignetError);
    expect(error.name).toBe('SignetApiError');
  });

  it('a detail without the four fields is no field failure', () => {
    const error = new SignetApiError({
      status: 422,
      code: 'validation_failed',
      message: 'validation failed',
      details: [
        { field: 'email', message: 'must be a valid e-mail address' },
        { code: 'x', target: 'y', message: 'z' }, // no args
        { code: 'x', target: 'y', message: 'z', args: [] },
      ],
    });
    expect(error.invalidFields).toEqual([]);
    expect(error.details).toHaveLength(3);
  });

  it('the first detail with a reason names it, whatever else the details hold', () => {
    const error = new SignetApiError({
      status: 403,
      code: 'forbidden',
      message: 'no',
      details: [{ note: 1 }, { reason: 'missing_scope', scope: 'portal' }],
    });
    expect(error.reason).toBe('missing_scope');
    expect(error.details[1]!.scope).toBe('portal');
  });

  it('isSignetApiError recognises the class and a copy of it from another bundle', () => {
    const real = new SignetApiError({ status: 404, code: 'not_found', message: 'not found', details: [] });
    expect(isSignetApiError(real)).toBe(true);
    expect(isSignetApiError(real, 'not_found')).toBe(true);
    const foreign = Object.assign(new Error('not found'), {
      name: 'SignetApiError',
      status: 404,
      code: 'not_found',
      details: [],
    });
    expect(isSignetApiError(foreign, 'not_found')).toBe(true);
    for (const other of [
      new Error('x'),
      { name: 'SignetApiError', status: 404, code: 'not_found', details: [] },
      null,
      'not_found',
    ])
      expect(isSignetApiError(other)).toBe(false);
  });

  it('the code union lists every code the merchant API answers, once', () => {
    expect(new Set(MERCHANT_ERROR_CODES).size).toBe(MERCHANT_ERROR_CODES.length);
    for (const code of [
      'invalid',
      'duplicate_custom_id',
      'ip_not_allowed',
      'not_found',
      'unauthenticated',
      'unauthorized',
    ])
      expect(MERCHANT_ERROR_CODES, code).toContain(code);
    expectTypeOf<'invalid'>().toExtend<MerchantErrorCode>();
    expectTypeOf<SignetApiError['invalidFields']>().toEqualTypeOf<InvalidDetail[]>();
  });
});
