import type { PagedList } from '../api/hooks';
import { Button } from './Button';
import { ErrorText } from './ErrorText';

type Pager = Pick<PagedList<unknown>, 'error' | 'hasMore' | 'loadMore' | 'loadingMore'>;

/** Below a paged table: the error of the last page load, and "Load more" while there are more rows. */
export function LoadMore({ list }: { list: Pager }) {
  return (
    <>
      {list.error ? <ErrorText error={list.error} /> : null}
      {list.hasMore ? (
        <div className="load-more">
          <Button onClick={list.loadMore} loading={list.loadingMore}>
            Load more
          </Button>
        </div>
      ) : null}
    </>
  );
}
