import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { del, get, setCsrfToken, setUnauthenticatedHandler } from '../api/client';
import type { Account, Mode, Role, SessionPayload, User } from '../api/types';
import { navigate } from '../router';

export type SessionState =
  | { status: 'loading' }
  | { status: 'anonymous' }
  | { status: 'authenticated'; user: User; account: Account; mode: Mode | undefined };

interface SessionApi {
  state: SessionState;
  /** Store the result of login / signup / invitation acceptance, then refresh from /me in the background. */
  establish: (payload: SessionPayload) => void;
  refresh: () => Promise<void>;
  logout: () => Promise<void>;
}

export const SessionContext = createContext<SessionApi | null>(null);

function fromPayload(p: SessionPayload): SessionState {
  setCsrfToken(p.csrf_token);
  return { status: 'authenticated', user: p.user, account: p.account, mode: p.mode ?? p.account.mode };
}

const PUBLIC_PREFIXES = ['/login', '/signup', '/invite/'];

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  const refresh = useCallback(async () => {
    try {
      const me = await get<SessionPayload>('/me', { noAuthRedirect: true });
      setState(fromPayload(me));
    } catch (e) {
      const status = (e as { status?: number }).status;
      if (status === 401) {
        setCsrfToken(null);
        setState({ status: 'anonymous' });
      } else {
        setState((prev) => (prev.status === 'loading' ? { status: 'anonymous' } : prev));
      }
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  useEffect(() => {
    setUnauthenticatedHandler(() => {
      setCsrfToken(null);
      setState({ status: 'anonymous' });
      const here = window.location.pathname;
      if (!PUBLIC_PREFIXES.some((p) => here.startsWith(p))) {
        const next = here && here !== '/' ? `?next=${encodeURIComponent(here + window.location.search)}` : '';
        navigate(`/login${next}`, { replace: true });
      }
    });
    return () => setUnauthenticatedHandler(null);
  }, []);

  const establish = useCallback(
    (payload: SessionPayload) => {
      setState(fromPayload(payload));
      // /me may carry more than the login response (e.g. `mode`).
      void refresh();
    },
    [refresh],
  );

  const logout = useCallback(async () => {
    try {
      await del('/session');
    } catch {
      /* the session is gone either way */
    }
    setCsrfToken(null);
    setState({ status: 'anonymous' });
    navigate('/login', { replace: true });
  }, []);

  const value = useMemo(() => ({ state, establish, refresh, logout }), [state, establish, refresh, logout]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionApi {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error('useSession outside SessionProvider');
  return ctx;
}

export interface AuthedSession {
  user: User;
  account: Account;
  mode: Mode | undefined;
  refresh: () => Promise<void>;
}

/** For pages rendered only inside the authenticated shell. */
export function useAuthed(): AuthedSession {
  const { state, refresh } = useSession();
  if (state.status !== 'authenticated') throw new Error('useAuthed without a session');
  return { user: state.user, account: state.account, mode: state.mode, refresh };
}

export const isManager = (role: Role): boolean => role === 'root' || role === 'admin';
