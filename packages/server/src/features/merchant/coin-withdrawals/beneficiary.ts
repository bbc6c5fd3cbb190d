import type { FieldIssue } from '../../../platform/http/errors.js';

/**
 * The travel-rule beneficiary (CRYPTOPAY-API.md §2.6; constraints from the Ruby SDK's models),
 * checked only when `travel_rule_compliant` is true — otherwise Cryptopay ignores it, and so does
 * the sandbox. Hand-written rather than a Zod schema so every rule names its Cryptopay-style detail
 * code: `must_be_filled` (missing or empty), `too_long` {count}, `must_be_included_in` {list},
 * `invalid_format` {format}, `invalid_type` {expected}. Pure.
 */

export const BENEFICIARY_TYPES = ['natural_person', 'legal_person'] as const;

export interface Beneficiary {
  type: (typeof BENEFICIARY_TYPES)[number];
  name: string;
  address: {
    country: string;
    city?: string;
    line_1?: string;
    line_2?: string;
    post_code?: string;
  };
}

const NAME = /^[\p{L}\p{N}\s-]+$/u;
const COUNTRY = /^[A-Z]{2}$/;
const OPTIONAL_ADDRESS_FIELDS = { city: 35, line_1: 70, line_2: 70, post_code: 16 } as const;

type Result = { ok: true; beneficiary: Beneficiary } | { ok: false; issues: FieldIssue[] };

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A required or optional text field: its trimmed value, or the issue it has. */
function text(
  value: unknown,
  field: string,
  max: number,
  required: boolean,
  issues: FieldIssue[],
): string | undefined {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
    if (required) issues.push({ field, message: 'must be filled', code: 'must_be_filled', args: {} });
    return undefined;
  }
  if (typeof value !== 'string') {
    issues.push({ field, message: 'must be a string', code: 'invalid_type', args: { expected: 'string' } });
    return undefined;
  }
  const trimmed = value.trim();
  if (trimmed.length > max) {
    issues.push({
      field,
      message: `must be at most ${max} characters`,
      code: 'too_long',
      args: { count: max },
    });
    return undefined;
  }
  if (trimmed.includes('\u0000')) {
    issues.push({ field, message: 'must not contain NUL characters', code: 'invalid_format', args: {} });
    return undefined;
  }
  return trimmed;
}

export function validateBeneficiary(value: unknown): Result {
  const issues: FieldIssue[] = [];
  if (!isObject(value)) {
    issues.push(
      value === undefined || value === null
        ? { field: 'beneficiary', message: 'must be filled', code: 'must_be_filled', args: {} }
        : {
            field: 'beneficiary',
            message: 'must be an object',
            code: 'invalid_type',
            args: { expected: 'object' },
          },
    );
    return { ok: false, issues };
  }

  let type: Beneficiary['type'] | undefined;
  if (value.type === undefined || value.type === null)
    issues.push({ field: 'beneficiary.type', message: 'must be filled', code: 'must_be_filled', args: {} });
  else if (!BENEFICIARY_TYPES.includes(value.type as Beneficiary['type']))
    issues.push({
      field: 'beneficiary.type',
      message: `must be one of: ${BENEFICIARY_TYPES.join(', ')}`,
      code: 'must_be_included_in',
      args: { list: [...BENEFICIARY_TYPES] },
    });
  else type = value.type as Beneficiary['type'];

  const name = text(value.name, 'beneficiary.name', 100, true, issues);
  if (name !== undefined && !NAME.test(name))
    issues.push({
      field: 'beneficiary.name',
      message: 'may contain only letters, digits, whitespace and hyphens',
      code: 'invalid_format',
      args: { format: 'letters, digits, whitespace, hyphen' },
    });

  const address: Partial<Beneficiary['address']> = {};
  if (!isObject(value.address)) {
    issues.push(
      value.address === undefined || value.address === null
        ? { field: 'beneficiary.address', message: 'must be filled', code: 'must_be_filled', args: {} }
        : {
            field: 'beneficiary.address',
            message: 'must be an object',
            code: 'invalid_type',
            args: { expected: 'object' },
          },
    );
  } else {
    const country = text(value.address.country, 'beneficiary.address.country', 2, true, issues);
    if (country !== undefined) {
      if (COUNTRY.test(country.toUpperCase())) address.country = country.toUpperCase();
      else
        issues.push({
          field: 'beneficiary.address.country',
          message: 'must be an ISO 3166-1 alpha-2 country code such as DE',
          code: 'invalid_format',
          args: { format: 'ISO 3166-1 alpha-2' },
        });
    }
    for (const [key, max] of Object.entries(OPTIONAL_ADDRESS_FIELDS)) {
      const v = text(value.address[key], `beneficiary.address.${key}`, max, false, issues);
      if (v !== undefined) address[key as keyof typeof OPTIONAL_ADDRESS_FIELDS] = v;
    }
  }

  if (issues.length > 0 || type === undefined || name === undefined || address.country === undefined)
    return { ok: false, issues };
  return { ok: true, beneficiary: { type, name, address: { ...address, country: address.country } } };
}
