import { z } from 'zod';
import { lookupText } from '../../../platform/http/zod-app.js';

/**
 * Server ids are UUIDs (version 4, `randomUUID`). A malformed id in a path or a cursor answers
 * 422 `invalid` / `must_be_uuid` with the parameter's name as target, as Cryptopay does, not 404.
 * (z.guid accepts any well-formed UUID: an id minted elsewhere is a 404, not a format error.)
 */
export const uuid = () => z.guid({ error: 'must match uuid format' });

/** `{ <name>: uuid }` for a route's `params`, e.g. `uuidParams('channel_id')`. */
export function uuidParams<const N extends string>(name: N) {
  return z.object({ [name]: uuid() } as { [K in N]: ReturnType<typeof uuid> });
}

/** `GET …/custom_id/:custom_id`: the merchant's own reference, any text. */
export const customIdParams = z.object({ custom_id: lookupText(100) });
