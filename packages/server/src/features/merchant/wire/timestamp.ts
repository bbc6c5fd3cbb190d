/**
 * Cryptopay's timestamp form (CRYPTOPAY-API.md §1.5): ISO 8601 with seconds and a numeric offset,
 * `2021-10-14T10:51:57+00:00`. Stored times are full ISO strings; the wire drops the milliseconds.
 */
export function wireTime(at: string | Date): string {
  const iso = (typeof at === 'string' ? new Date(at) : at).toISOString();
  return `${iso.slice(0, 19)}+00:00`;
}

export function wireTimeOrNull(at: string | null): string | null {
  return at === null ? null : wireTime(at);
}

/** The pattern every wire timestamp matches, for schemas and tests. */
export const WIRE_TIME_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/;
