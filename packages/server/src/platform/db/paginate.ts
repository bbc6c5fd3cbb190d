import { sql, type SelectQueryBuilder } from 'kysely';
import type { Database } from './database.js';

/**
 * Cursor pagination, newest first, the one way every list pages. The client's cursor is the id
 * of the last item it saw (`starting_after`); the store maps it to the order key and fetches one
 * row more than asked, which is how `has_more` is known without a count.
 */
export interface PageRequest {
  limit: number;
  starting_after?: string | undefined;
}

export interface Page<R> {
  rows: R[];
  hasMore: boolean;
}

/**
 * `resolveCursor` turns the cursor into the order key (or null when it names nothing the caller
 * may see); `fetch` returns up to `limit` rows ordered newest first, below `before` when given.
 * Returns null for an unknown cursor, so the caller chooses the error.
 */
export async function keysetPage<R, K>(
  page: PageRequest,
  resolveCursor: (cursor: string) => Promise<K | null | undefined>,
  fetch: (before: K | undefined, limit: number) => Promise<R[]>,
): Promise<Page<R> | null> {
  let before: K | undefined;
  if (page.starting_after !== undefined) {
    const key = await resolveCursor(page.starting_after);
    if (key === null || key === undefined) return null;
    before = key;
  }
  const rows = await fetch(before, page.limit + 1);
  return { rows: rows.slice(0, page.limit), hasMore: rows.length > page.limit };
}

/**
 * A table that pages by keyset: `seq` orders it (newest is highest) and `id` is what a client
 * holds as its cursor.
 */
export interface KeysetListQuery<TB extends keyof Database, R> {
  /** The rows of the list, filters applied: what is paged and what `total` counts. */
  list: () => SelectQueryBuilder<Database, TB, object>;
  /**
   * Where a cursor is looked up, when that is wider than `list` — e.g. the whole account, so a
   * row that stopped matching a filter still marks a page boundary. Defaults to `list`.
   */
  cursors?: () => SelectQueryBuilder<Database, TB, object>;
  /** What each row reads: the columns to select on `list`. */
  select: (list: SelectQueryBuilder<Database, TB, object>) => SelectQueryBuilder<Database, TB, R>;
}

/**
 * `keysetPage` over one table's `seq`, plus the number of rows the whole list holds (the
 * `total` Cryptopay's list envelopes carry). Null for a cursor that `cursors` does not find.
 */
export async function keysetPageWithTotal<TB extends keyof Database, R>(
  page: PageRequest,
  query: KeysetListQuery<TB, R>,
): Promise<(Page<R> & { total: number }) | null> {
  const cursors = query.cursors ?? query.list;
  // `seq` and `id` by raw reference: the table is generic here, so Kysely cannot name its columns.
  const seq = sql.ref<number>('seq');
  const found = await keysetPage(
    page,
    async (cursor) =>
      (await cursors().select(seq.as('seq')).where(sql.ref<string>('id'), '=', cursor).executeTakeFirst())
        ?.seq,
    (before, limit) => {
      let q = query.select(query.list()).orderBy(seq, 'desc').limit(limit);
      if (before !== undefined) q = q.where(seq, '<', before);
      return q.execute();
    },
  );
  if (!found) return null;
  const count = await query
    .list()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return { ...found, total: Number(count.n) };
}
