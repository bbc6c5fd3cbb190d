import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSignetApiError, SignetApiError, SignetClient, type InvoiceCreateParams } from '@signet/client';
import { signup, type TestApp } from '../../support/test-app.js';
import { createKey, startMerchantTestApp } from './merchant-test-kit.js';

// The client package's error types against the merchant API's real answers, over a socket: what a
// client switching on `error.code` sees, and Signet's extras where an integrator looks for them.

let t: TestApp;
let baseUrl: string;
let keys: Record<'writer' | 'reader' | 'elsewhere', { api_key: string; api_secret: string }>;

beforeAll(async () => {
  t = await startMerchantTestApp();
  const root = await signup(t.app, 'Client Errors Ltd');
  keys = {
    writer: await createKey(root, ['invoices:read', 'invoices:write']),
    reader: await createKey(root, ['invoices:read']),
    elsewhere: await createKey(root, ['invoices:read', 'invoices:write'], ['203.0.113.7']),
  };
  baseUrl = await t.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(() => t.close());

const clientFor = (key: { api_key: string; api_secret: string }) =>
  new SignetClient({ apiKey: key.api_key, apiSecret: key.api_secret, baseUrl });

async function failure(call: Promise<unknown>): Promise<SignetApiError> {
  const error = await call.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(SignetApiError);
  return error as SignetApiError;
}

// Deliberately wrong: a number where a string belongs, a required field left out.
const BAD_PARAMS = { price_amount: 10, pay_currency: 'BTC' } as unknown as InvoiceCreateParams;

describe('SignetApiError from the merchant API', () => {
  it('422 invalid: one {code, target, message, args} per field', async () => {
    const error = await failure(clientFor(keys.writer).invoices.create(BAD_PARAMS));
    expect([error.status, error.code, error.message]).toEqual([422, 'invalid', 'invalid']);
    expect(error.requestId).toMatch(/^[0-9a-f]{32}$/);
    expect(error.invalidFields).toEqual([
      {
        code: 'invalid_type',
        target: 'price_amount',
        message: 'must be a string',
        args: { expected: 'string' },
      },
      { code: 'must_be_filled', target: 'price_currency', message: 'must be filled', args: {} },
    ]);
    expect(error.fieldError('price_currency')?.code).toBe('must_be_filled');
  });

  it('401 unauthenticated with the reason and the server StringToSign', async () => {
    const error = await failure(clientFor({ ...keys.writer, api_secret: 'wrong' }).invoices.list());
    expect([error.status, error.code, error.reason]).toEqual([401, 'unauthenticated', 'bad_signature']);
    expect(error.stringToSign).toMatch(/^GET\n\napplication\/json\n.+ GMT\n\/api\/invoices$/);
  });

  it('403: unauthorized for a permission, ip_not_allowed for the whitelist', async () => {
    const denied = await failure(
      clientFor(keys.reader).invoices.create({
        price_amount: '1',
        price_currency: 'EUR',
        pay_currency: 'BTC',
      }),
    );
    expect([denied.status, denied.code, denied.reason]).toEqual([403, 'unauthorized', 'permission_denied']);
    const ip = await failure(clientFor(keys.elsewhere).invoices.list());
    expect([ip.status, ip.code, ip.message, ip.reason]).toEqual([
      403,
      'ip_not_allowed',
      'ip not allowed',
      'ip_not_allowed',
    ]);
    expect(isSignetApiError(ip, 'ip_not_allowed')).toBe(true);
  });

  it('404 not_found / not found for a path no route serves', async () => {
    const error = await failure(clientFor(keys.writer).invoices.retrieve('anything'));
    expect([error.status, error.code, error.message, error.details]).toEqual([
      404,
      'not_found',
      'not found',
      [],
    ]);
  });
});
