import { useEffect } from 'react';
import { AccessDenied, NotFound } from './layout/AccessDenied';
import { Shell } from './layout/Shell';
import { Redirect, useLocation } from './router';
import { ALIASES, DEFAULT_DENIED, NOT_FOUND_TITLE, isShown, matchRoute, replacementOf } from './routes';
import { mustEnrol, SECURITY_PATH, useTwoFactor } from './security/TwoFactorContext';
import { safeNext } from './session/LoginPage';
import { useSession } from './session/SessionContext';
import { Spinner } from './ui/Spinner';

function useDocumentTitle(title: string) {
  useEffect(() => {
    document.title = `${title} · Signet`;
  }, [title]);
}

/** The router: every page comes from the route table (routes.ts); access is the server's verdict. */
export function App() {
  const { state } = useSession();
  const twoFactor = useTwoFactor();
  const { pathname, search } = useLocation();
  const norm = pathname.replace(/\/+$/, '') || '/';
  const match = matchRoute(ALIASES[norm] ?? norm);
  useDocumentTitle(match?.route.title ?? NOT_FOUND_TITLE);

  if (match?.route.access === 'public') return <match.route.component params={match.params} />;

  // A signed-in user's pages wait for /me's capabilities: until then nothing can be shown or hidden.
  const capabilities = state.status === 'authenticated' ? state.capabilities : undefined;
  // …and for the two-factor state, which may send them to enrol first (SIGNET_REQUIRE_2FA).
  if (
    state.status === 'loading' ||
    (state.status === 'authenticated' && (!capabilities || twoFactor.loading))
  ) {
    return (
      <div className="boot">
        <Spinner label="Loading Signet" />
      </div>
    );
  }

  if (match?.route.access === 'guest') {
    if (state.status === 'authenticated') return <Redirect to={safeNext(search.get('next'))} />;
    return <match.route.component params={match.params} />;
  }

  if (state.status === 'anonymous' || !capabilities) {
    const next = pathname !== '/' ? `?next=${encodeURIComponent(pathname)}` : '';
    return <Redirect to={`/login${next}`} />;
  }

  // The operator requires two-factor authentication: nothing but the enrolment until it is on.
  if (mustEnrol(twoFactor.status) && norm !== SECURITY_PATH) return <Redirect to={SECURITY_PATH} />;

  const alias = ALIASES[norm];
  if (alias) return <Redirect to={alias} />;
  if (!match) {
    return (
      <Shell>
        <NotFound />
      </Shell>
    );
  }
  const { route, params } = match;
  if (!isShown(route, capabilities)) {
    return (
      <Shell>
        <AccessDenied title={route.title} message={route.denied ?? DEFAULT_DENIED} />
      </Shell>
    );
  }
  const replacement = replacementOf(route, capabilities);
  if (replacement) return <Redirect to={replacement} />;
  return (
    <Shell>
      <route.component params={params} />
    </Shell>
  );
}
