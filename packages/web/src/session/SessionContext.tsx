import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { del, get, setCsrfToken, setUnauthenticatedHandler } from '../api/client';
import type { Account, Capabilities, Mode, SessionPayload, SessionUser } from '../api/types';
import { navigate } from '../router';

export type SessionState =
  | { status: 'loading' }
  | { status: 'anonymous' }
  | {
      status: 'authenticated';
      user: SessionUser;
      account: Account;
      mode: Mode | undefined;
      /** What the server allows this user (GET /me). Unknown until /me has answered with it. */
      capabilities: Capabilities | undefined;
    };

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
  return {
    status: 'authenticated',
    user: p.user,
    account: p.account,
    mode: p.mode,
    capabilities: p.capabilities,
  };
}

export function SessionProvider({
  children,
  isPublicPath,
}: {
  children: ReactNode;
  /** Pages a signed-out visitor may stay on when a request answers 401 (from the route table). */
  isPublicPath: (pathname: string) => boolean;
}) {
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
        // Without a first answer (or its capabilities) nothing can be shown: treat it as signed out.
        setState((prev) =>
          prev.status === 'loading' || (prev.status === 'authenticated' && !prev.capabilities)
            ? { status: 'anonymous' }
            : prev,
        );
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
      if (!isPublicPath(here)) {
        const next = here && here !== '/' ? `?next=${encodeURIComponent(here + window.location.search)}` : '';
        navigate(`/login${next}`, { replace: true });
      }
    });
    return () => setUnauthenticatedHandler(null);
  }, [isPublicPath]);

  const establish = useCallback(
    (payload: SessionPayload) => {
      setState(fromPayload(payload));
      // /me may carry more than the login response (the capabilities).
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
  user: SessionUser;
  account: Account;
  mode: Mode | undefined;
  capabilities: Capabilities;
  refresh: () => Promise<void>;
}

/** For pages rendered only inside the authenticated shell, which waits for the capabilities. */
export function useAuthed(): AuthedSession {
  const { state, refresh } = useSession();
  if (state.status !== 'authenticated' || !state.capabilities) {
    throw new Error('useAuthed without a session and its capabilities');
  }
  const { user, account, mode, capabilities } = state;
  return { user, account, mode, capabilities, refresh };
}
