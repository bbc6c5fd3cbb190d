import { useCallback, useEffect, useRef, useState } from 'react';
import { get, isAbort } from './client';
import type { ListResponse } from './types';

export interface Resource<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
  setData: (updater: (prev: T | undefined) => T | undefined) => void;
}

/** GET a path and keep the result; refetches when `path` changes or `reload()` is called. Pass null to skip. */
export function useResource<T>(path: string | null): Resource<T> {
  const [data, setDataState] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState<boolean>(path !== null);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    if (path === null) {
      setLoading(false);
      return;
    }
    const ctrl = new AbortController();
    setLoading(true);
    setError(null);
    get<T>(path, { signal: ctrl.signal })
      .then((d) => {
        setDataState(d);
        setLoading(false);
      })
      .catch((e: unknown) => {
        if (isAbort(e)) return;
        setError(e);
        setLoading(false);
      });
    return () => ctrl.abort();
  }, [path, tick]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  const setData = useCallback((updater: (prev: T | undefined) => T | undefined) => setDataState(updater), []);
  return { data, error, loading, reload, setData };
}

export interface PagedList<T> {
  items: T[];
  loading: boolean;
  loadingMore: boolean;
  error: unknown;
  hasMore: boolean;
  loadMore: () => void;
  reload: () => void;
  setItems: (updater: (prev: T[]) => T[]) => void;
}

/**
 * Cursor pagination over the `{data, meta: {has_more}}` lists, using `limit` and `starting_after` =
 * the last id; `meta.has_more` alone says whether another page exists.
 */
export function usePagedList<T extends { id: string }>(
  path: string | null,
  query: Record<string, string | undefined> = {},
  limit = 25,
): PagedList<T> {
  const [items, setItems] = useState<T[]>([]);
  const [loading, setLoading] = useState<boolean>(path !== null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [hasMore, setHasMore] = useState(false);
  const [tick, setTick] = useState(0);
  const queryKey = JSON.stringify(query);
  const moreCtrl = useRef<AbortController | null>(null);
  const itemsRef = useRef<T[]>([]);
  itemsRef.current = items;

  useEffect(() => {
    moreCtrl.current?.abort();
    if (path === null) {
      setLoading(false);
      return;
    }
    const ctrl = new AbortController();
    setLoading(true);
    setError(null);
    const q = JSON.parse(queryKey) as Record<string, string | undefined>;
    get<ListResponse<T>>(path, { signal: ctrl.signal, query: { ...q, limit } })
      .then((res) => {
        setItems(res.data);
        setHasMore(res.meta.has_more);
        setLoading(false);
      })
      .catch((e: unknown) => {
        if (isAbort(e)) return;
        setError(e);
        setItems([]);
        setHasMore(false);
        setLoading(false);
      });
    return () => ctrl.abort();
  }, [path, queryKey, limit, tick]);

  const loadMore = useCallback(() => {
    const last = itemsRef.current[itemsRef.current.length - 1];
    if (!path || !last) return;
    const ctrl = new AbortController();
    moreCtrl.current = ctrl;
    setLoadingMore(true);
    setError(null);
    const q = JSON.parse(queryKey) as Record<string, string | undefined>;
    get<ListResponse<T>>(path, { signal: ctrl.signal, query: { ...q, limit, starting_after: last.id } })
      .then((res) => {
        setItems((prev) => {
          const seen = new Set(prev.map((i) => i.id));
          return [...prev, ...res.data.filter((i) => !seen.has(i.id))];
        });
        setHasMore(res.meta.has_more);
        setLoadingMore(false);
      })
      .catch((e: unknown) => {
        if (isAbort(e)) return;
        setError(e);
        setLoadingMore(false);
      });
  }, [path, queryKey, limit]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { items, loading, loadingMore, error, hasMore, loadMore, reload, setItems };
}
