import { validatorCompiler } from 'fastify-type-provider-zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  detailOfZodIssue,
  targetOf,
  toCryptopayError,
  type ValidatedInput,
} from '../../../src/features/merchant-auth/cryptopay-errors.js';
import { refusalError } from '../../../src/features/merchant-auth/authenticate.js';
import {
  ApiError,
  conflict,
  duplicateCustomId,
  fieldError,
  notFound,
  unauthenticated,
  unauthorized,
  validationFailed,
} from '../../../src/platform/http/errors.js';

/** The error Fastify hands the scope's handler when `schema` refuses `data` in `context`. */
function schemaFailure(schema: z.ZodType, data: unknown, context = 'body') {
  const result = validatorCompiler({ schema } as never)(data) as { error?: unknown[] };
  if (!result.error) throw new Error('the schema accepted the data');
  return Object.assign(new Error('validation'), {
    statusCode: 400,
    validation: result.error,
    validationContext: context,
  });
}

/** Translates a schema failure with the request's input, and returns its details. */
function detailsFor(schema: z.ZodType, data: unknown, context = 'body') {
  const input: ValidatedInput = { [context]: data };
  const translated = toCryptopayError(schemaFailure(schema, data, context), input);
  expect(translated).toBeInstanceOf(ApiError);
  expect(translated!.statusCode).toBe(422);
  expect(translated!.code).toBe('invalid');
  expect(translated!.message).toBe('invalid');
  return translated!.details;
}

describe('targetOf', () => {
  it('drops where the field was, never part of its name', () => {
    expect(targetOf('querystring.starting_after')).toBe('starting_after');
    expect(targetOf('params.channel_id')).toBe('channel_id');
    expect(targetOf('body.metadata.key')).toBe('metadata.key');
    expect(targetOf('price_amount')).toBe('price_amount');
    // A field whose name starts like a location keeps it.
    expect(targetOf('bodyguard')).toBe('bodyguard');
    expect(targetOf('paramset.x')).toBe('paramset.x');
    expect(targetOf('querystring')).toBe('body');
    expect(targetOf('body')).toBe('body');
    expect(targetOf('')).toBe('body');
  });
});

describe('toCryptopayError: errors services throw', () => {
  it('validation_failed becomes 422 invalid with {code, target, message, args} per field', () => {
    const err = validationFailed([
      {
        field: 'charged_amount',
        message: 'must be less than or equal to 1.5',
        code: 'must_be_less_than_or_equal',
        args: { value: '1.5' },
      },
      {
        field: 'received_amount',
        message: 'must be less than or equal to 0.0001',
        code: 'must_be_less_than_or_equal',
        args: { value: '0.0001' },
      },
      { field: 'querystring.starting_after', message: 'must match uuid format', code: 'must_be_uuid' },
      { field: 'address', message: 'is not a valid address' },
    ]);
    const out = toCryptopayError(err)!;
    expect(out.statusCode).toBe(422);
    expect(out.code).toBe('invalid');
    expect(out.message).toBe('invalid');
    expect(out.details).toEqual([
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
      { code: 'must_be_uuid', target: 'starting_after', message: 'must match uuid format', args: {} },
      // No rule named: Cryptopay's generic `invalid`.
      { code: 'invalid', target: 'address', message: 'is not a valid address', args: {} },
    ]);
  });

  it('a detail extra is kept, but never overrides the four Cryptopay fields', () => {
    const err = new ApiError(422, 'validation_failed', 'validation failed', [
      {
        field: 'id',
        message: 'no',
        code: 'invalid_state',
        args: { status: 'completed' },
        reason: 'x',
        target: 'forged',
      },
      { message: 42, code: '', args: ['not', 'an', 'object'] },
    ]);
    expect(toCryptopayError(err)!.details).toEqual([
      { code: 'invalid_state', target: 'id', message: 'no', args: { status: 'completed' }, reason: 'x' },
      { code: 'invalid', target: 'body', message: 'is invalid', args: {} },
    ]);
  });

  it('fieldError keeps its headers and reads the same as validationFailed', () => {
    const out = toCryptopayError(fieldError('invoice_id', 'is already committed', 'already_committed'))!;
    expect(out.details).toEqual([
      { code: 'already_committed', target: 'invoice_id', message: 'is already committed', args: {} },
    ]);
  });

  it('a duplicate custom_id is 409 duplicate_custom_id with no details', () => {
    const out = toCryptopayError(duplicateCustomId('channel'))!;
    expect([out.statusCode, out.code, out.message, out.details]).toEqual([
      409,
      'duplicate_custom_id',
      'duplicate custom id',
      [],
    ]);
  });

  it('not_found says `not found`, whatever the service named', () => {
    const out = toCryptopayError(notFound('channel'))!;
    expect([out.statusCode, out.code, out.message, out.details]).toEqual([404, 'not_found', 'not found', []]);
  });

  it('a source IP outside the whitelist is ip_not_allowed, its reason kept', () => {
    const refusal = refusalError({ ok: false, status: 403, reason: 'ip_not_allowed' });
    const out = toCryptopayError(refusal)!;
    expect([out.statusCode, out.code, out.message]).toEqual([403, 'ip_not_allowed', 'ip not allowed']);
    expect(out.details).toEqual([{ reason: 'ip_not_allowed' }]);
  });

  it('other refusals already speak Cryptopay: unchanged', () => {
    for (const reason of ['permission_denied', 'account_not_active'] as const)
      expect(toCryptopayError(refusalError({ ok: false, status: 403, reason }))).toBeNull();
    expect(
      toCryptopayError(
        refusalError({ ok: false, status: 401, reason: 'bad_signature', stringToSign: 'GET\n…' }),
      ),
    ).toBeNull();
    expect(toCryptopayError(unauthenticated([{ reason: 'clock_skew' }]))).toBeNull();
    // A 403 that only mentions the address elsewhere is not the whitelist refusal.
    expect(
      toCryptopayError(unauthorized('unauthorized', [{ reason: 'permission_denied', ip: 'ip_not_allowed' }])),
    ).toBeNull();
    expect(toCryptopayError(conflict('busy'))).toBeNull();
    expect(toCryptopayError(new Error('boom'))).toBeNull();
    expect(toCryptopayError(null)).toBeNull();
  });
});

describe('toCryptopayError: schema (Zod) failures', () => {
  it('a malformed id is must_be_uuid, named by its parameter', () => {
    const details = detailsFor(z.object({ channel_id: z.uuid() }), { channel_id: 'nope' }, 'params');
    expect(details).toEqual([
      { code: 'must_be_uuid', target: 'channel_id', message: 'must match uuid format', args: {} },
    ]);
  });

  it('a value outside an enum is must_be_included_in with the list', () => {
    const details = detailsFor(z.object({ currency: z.enum(['BTC', 'ETH', 'XRP']) }), { currency: 'DOGE' });
    expect(details).toEqual([
      {
        code: 'must_be_included_in',
        target: 'currency',
        message: 'must be one of: BTC, ETH, XRP',
        args: { list: ['BTC', 'ETH', 'XRP'] },
      },
    ]);
  });

  it('number bounds are must_be_less_than_or_equal / must_be_greater_than_or_equal with the bound as a string', () => {
    const limit = z.object({ limit: z.coerce.number().int().min(1).max(100) });
    expect(detailsFor(limit, { limit: '101' }, 'querystring')).toEqual([
      {
        code: 'must_be_less_than_or_equal',
        target: 'limit',
        message: 'must be less than or equal to 100',
        args: { value: '100' },
      },
    ]);
    expect(detailsFor(limit, { limit: '0' }, 'querystring')).toEqual([
      {
        code: 'must_be_greater_than_or_equal',
        target: 'limit',
        message: 'must be greater than or equal to 1',
        args: { value: '1' },
      },
    ]);
    // Strict bounds are named as such [I].
    const strict = z.object({ n: z.number().gt(0).lt(10) });
    expect(detailsFor(strict, { n: 0 })[0]).toMatchObject({
      code: 'must_be_greater_than',
      args: { value: '0' },
    });
    expect(detailsFor(strict, { n: 10 })[0]).toMatchObject({
      code: 'must_be_less_than',
      args: { value: '10' },
    });
  });

  it('a missing, null or empty value is must_be_filled; a value of the wrong type is invalid_type', () => {
    const schema = z.object({
      price_amount: z.string().min(1),
      price_currency: z.string(),
      count: z.number(),
    });
    expect(detailsFor(schema, { price_amount: '', price_currency: null, count: 1 })).toEqual([
      { code: 'must_be_filled', target: 'price_amount', message: 'must be filled', args: {} },
      { code: 'must_be_filled', target: 'price_currency', message: 'must be filled', args: {} },
    ]);
    expect(detailsFor(schema, { price_amount: 12, price_currency: 'EUR', count: 'x' })).toEqual([
      {
        code: 'invalid_type',
        target: 'price_amount',
        message: 'must be a string',
        args: { expected: 'string' },
      },
      { code: 'invalid_type', target: 'count', message: 'must be a number', args: { expected: 'number' } },
    ]);
    // No body at all: the body is missing.
    expect(detailsFor(schema, undefined)).toEqual([
      { code: 'must_be_filled', target: 'body', message: 'must be filled', args: {} },
    ]);
    expect(detailsFor(schema, [1, 2])).toEqual([
      { code: 'invalid_type', target: 'body', message: 'must be an object', args: { expected: 'object' } },
    ]);
  });

  it('without the input, a type failure cannot be told from a missing value: invalid_type', () => {
    const err = schemaFailure(z.object({ a: z.string() }), {});
    expect(toCryptopayError(err)!.details).toEqual([
      { code: 'invalid_type', target: 'a', message: 'must be a string', args: { expected: 'string' } },
    ]);
  });

  it('lengths are too_long / too_short with a count; nested and array paths are dotted', () => {
    const schema = z.object({
      name: z.string().max(3),
      tags: z.array(z.string()).min(2),
      metadata: z.object({ note: z.string().max(2) }),
      list: z.array(z.string().max(1)),
    });
    expect(
      detailsFor(schema, { name: 'abcd', tags: ['a'], metadata: { note: 'abc' }, list: ['a', 'bb'] }),
    ).toEqual([
      { code: 'too_long', target: 'name', message: 'must be at most 3 characters', args: { count: 3 } },
      { code: 'too_short', target: 'tags', message: 'must be at least 2 items', args: { count: 2 } },
      {
        code: 'too_long',
        target: 'metadata.note',
        message: 'must be at most 2 characters',
        args: { count: 2 },
      },
      { code: 'too_long', target: 'list.1', message: 'must be at most 1 character', args: { count: 1 } },
    ]);
  });

  it('a refinement names its own rule; without one it is invalid with its message', () => {
    const schema = z.object({
      address: z.string().refine(() => false, {
        message: 'is not a valid BTC address',
        params: { code: 'invalid_coin_address', args: { currency: 'BTC' } },
      }),
      note: z.string().refine(() => false, 'must not contain NUL characters'),
    });
    expect(detailsFor(schema, { address: 'x', note: 'y' })).toEqual([
      {
        code: 'invalid_coin_address',
        target: 'address',
        message: 'is not a valid BTC address',
        args: { currency: 'BTC' },
      },
      { code: 'invalid', target: 'note', message: 'must not contain NUL characters', args: {} },
    ]);
  });

  it('other formats keep the schema message; unknown keys of a strict object are one detail each', () => {
    const format = detailsFor(z.object({ email: z.email('must be an e-mail address') }), { email: 'x' });
    expect(format).toEqual([
      {
        code: 'invalid_format',
        target: 'email',
        message: 'must be an e-mail address',
        args: { format: 'email' },
      },
    ]);
    const strict = detailsFor(z.strictObject({ a: z.string() }), { a: 'x', b: 1, c: 2 });
    expect(strict).toEqual([
      { code: 'not_allowed', target: 'b', message: 'is not allowed', args: {} },
      { code: 'not_allowed', target: 'c', message: 'is not allowed', args: {} },
    ]);
    expect(detailsFor(z.object({ step: z.number().multipleOf(5) }), { step: 7 })).toEqual([
      {
        code: 'must_be_multiple_of',
        target: 'step',
        message: 'must be a multiple of 5',
        args: { value: '5' },
      },
    ]);
  });

  it('every detail has exactly the four fields with the right JSON types', () => {
    const schema = z.object({
      a: z.uuid(),
      b: z.enum(['x']),
      c: z.number().max(1),
      d: z.string(),
      e: z.union([z.number(), z.boolean()]),
    });
    const details = detailsFor(schema, { a: 1, b: 2, c: 3, e: 'no' });
    expect(details.length).toBeGreaterThanOrEqual(5);
    for (const d of details)
      expect(
        z
          .object({
            code: z.string().min(1),
            target: z.string().min(1),
            message: z.string().min(1),
            args: z.record(z.string(), z.unknown()),
          })
          .strict()
          .safeParse(d).success,
        JSON.stringify(d),
      ).toBe(true);
  });
});

describe('detailOfZodIssue', () => {
  it('names the context when the issue is at the root', () => {
    expect(
      detailOfZodIssue(
        { keyword: 'invalid_type', instancePath: '/', params: { expected: 'object' } },
        'querystring',
      ),
    ).toEqual({
      code: 'invalid_type',
      target: 'querystring',
      message: 'must be an object',
      args: { expected: 'object' },
    });
  });

  it('an issue it does not know is invalid with its message', () => {
    expect(
      detailOfZodIssue({ keyword: 'invalid_union', instancePath: '/x', message: 'Invalid input' }, 'body'),
    ).toEqual({
      code: 'invalid',
      target: 'x',
      message: 'Invalid input',
      args: {},
    });
    expect(detailOfZodIssue({ keyword: 'something_new', instancePath: '/x' }, undefined)).toEqual({
      code: 'invalid',
      target: 'x',
      message: 'is invalid',
      args: {},
    });
  });

  it('an integer is named as such', () => {
    expect(
      detailOfZodIssue({ keyword: 'invalid_type', instancePath: '/n', params: { expected: 'int' } }, 'body', {
        body: { n: 'x' },
      }),
    ).toMatchObject({
      code: 'invalid_type',
      message: 'must be an integer',
      args: { expected: 'int' },
    });
  });

  it('reads the input through own properties only', () => {
    // `constructor` is on every object's prototype: not a value the client sent.
    const detail = detailOfZodIssue(
      { keyword: 'invalid_type', instancePath: '/constructor', params: { expected: 'string' } },
      'body',
      {
        body: {},
      },
    );
    expect(detail.code).toBe('must_be_filled');
  });
});
