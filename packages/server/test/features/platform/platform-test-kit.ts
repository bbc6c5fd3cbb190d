import { randomBytes } from 'node:crypto';
import { createServiceToken as createToken } from '../../../src/features/platform/index.js';
import type { TestApp } from '../../support/test-app.js';

export interface TestServiceToken {
  id: string;
  name: string;
  token: string;
}

/** A service token with these scopes, as `signet tokens create` would make it. */
export async function createServiceToken(t: TestApp, scopes: string[]): Promise<TestServiceToken> {
  const created = await createToken(t.ctx, `test-${randomBytes(4).toString('hex')}`, scopes);
  return { id: created.id, name: created.name, token: created.token };
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A platform API call with `Authorization: Bearer <token>`; `url` is relative to `/platform/v1`. */
export function platformRequest(
  t: Pick<TestApp, 'app'>,
  token: string | null,
  method: Method,
  url: string,
  payload?: unknown,
  headers: Record<string, string> = {},
) {
  return t.app.inject({
    method,
    url: url.startsWith('/platform/v1') ? url : `/platform/v1${url}`,
    headers: { ...(token === null ? {} : { authorization: `Bearer ${token}` }), ...headers },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
}

/**
 * The ids of the accounts named `name`, read from the database rather than through the API: how a
 * test sees that a refused, replayed or concurrent platform call created no account, or only one.
 */
export const accountsNamed = (t: Pick<TestApp, 'ctx'>, name: string) =>
  t.ctx.db.kysely.selectFrom('accounts').select('id').where('name', '=', name).execute();
