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
