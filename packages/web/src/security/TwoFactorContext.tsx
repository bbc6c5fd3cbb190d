import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { get, setTwoFactorRequiredHandler } from '../api/client';
import type { TwoFactorStatus } from '../api/types';
import { navigate } from '../router';
import { useSession } from '../session/SessionContext';

/** The page where a user enrols (and where SIGNET_REQUIRE_2FA sends them first). */
export const SECURITY_PATH = '/settings/security';

interface TwoFactorApi {
  /** GET /2fa for the signed-in user; undefined while loading, signed out, or when it failed. */
  status: TwoFactorStatus | undefined;
  /** True until the signed-in user's status has been asked for once. */
  loading: boolean;
  refresh: () => Promise<void>;
}

const TwoFactorContext = createContext<TwoFactorApi | null>(null);

/** The signed-in user's two-factor state, which the enrolment gate and the security page share. */
export function TwoFactorProvider({ children }: { children: ReactNode }) {
  const { state } = useSession();
  const userId = state.status === 'authenticated' ? state.user.id : null;
  const [status, setStatus] = useState<TwoFactorStatus | undefined>(undefined);
  const [loadedFor, setLoadedFor] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    if (!userId) return;
    try {
      setStatus(await get<TwoFactorStatus>('/2fa'));
    } catch {
      // Without an answer nothing is gated here; the server still refuses what it must.
      setStatus(undefined);
    } finally {
      setLoadedFor(userId);
    }
  }, [userId]);

  useEffect(() => {
    setStatus(undefined);
    setLoadedFor(null);
    void refresh();
  }, [refresh]);

  useEffect(() => {
    // A request refused with 403 two_factor_required (e.g. the policy was just turned on).
    setTwoFactorRequiredHandler(() => {
      void refresh();
      navigate(SECURITY_PATH, { replace: true });
    });
    return () => setTwoFactorRequiredHandler(null);
  }, [refresh]);

  const value = useMemo(
    () => ({ status, loading: userId !== null && loadedFor !== userId, refresh }),
    [status, userId, loadedFor, refresh],
  );
  return <TwoFactorContext.Provider value={value}>{children}</TwoFactorContext.Provider>;
}

export function useTwoFactor(): TwoFactorApi {
  const ctx = useContext(TwoFactorContext);
  if (!ctx) throw new Error('useTwoFactor outside TwoFactorProvider');
  return ctx;
}

/** The operator requires two-factor authentication and this user has not enrolled yet. */
export function mustEnrol(status: TwoFactorStatus | undefined): boolean {
  return status !== undefined && status.required && !status.enabled;
}
