import { useEffect } from 'react';
import { AuditLogPage } from './audit/AuditLogPage';
import { IntegrationPage } from './integration/IntegrationPage';
import { NotFound, Shell } from './layout/Shell';
import { OverviewPage } from './overview/OverviewPage';
import { Redirect, matchPath, useLocation } from './router';
import { SandboxInvoicesPage } from './sandbox/SandboxInvoicesPage';
import { InvitePage } from './session/InvitePage';
import { LoginPage, safeNext } from './session/LoginPage';
import { isManager, useSession } from './session/SessionContext';
import { SignupPage } from './session/SignupPage';
import { Spinner } from './ui/Spinner';
import { UsersPage } from './users/UsersPage';

const TITLES: [string, string][] = [
  ['/login', 'Log in'],
  ['/signup', 'Sign up'],
  ['/invite/', 'Accept invitation'],
  ['/integration/api', 'Integration › API'],
  ['/users', 'Users'],
  ['/audit-log', 'Audit log'],
  ['/sandbox/invoices', 'Sandbox invoices'],
];

function useDocumentTitle(pathname: string) {
  useEffect(() => {
    const t = TITLES.find(([p]) => pathname.startsWith(p))?.[1] ?? 'Dashboard';
    document.title = `${t} · Signet`;
  }, [pathname]);
}

export function App() {
  const { state } = useSession();
  const { pathname, search } = useLocation();
  useDocumentTitle(pathname);

  const invite = matchPath('/invite/:token', pathname);
  if (invite) return <InvitePage token={invite.token ?? ''} />;

  if (state.status === 'loading') {
    return (
      <div className="boot">
        <Spinner label="Loading Signet" />
      </div>
    );
  }

  if (pathname === '/login' || pathname === '/signup') {
    if (state.status === 'authenticated') return <Redirect to={safeNext(search.get('next'))} />;
    return pathname === '/login' ? <LoginPage /> : <SignupPage />;
  }

  if (state.status === 'anonymous') {
    const next = pathname !== '/' ? `?next=${encodeURIComponent(pathname)}` : '';
    return <Redirect to={`/login${next}`} />;
  }

  const norm = pathname.replace(/\/+$/, '') || '/';
  let page;
  switch (norm) {
    case '/':
      if (isManager(state.user.role)) return <Redirect to="/integration/api" />;
      page = <OverviewPage />;
      break;
    case '/integration':
      return <Redirect to="/integration/api" />;
    case '/integration/api':
      page = <IntegrationPage />;
      break;
    case '/users':
      page = <UsersPage />;
      break;
    case '/audit-log':
      page = <AuditLogPage />;
      break;
    case '/sandbox':
      return <Redirect to="/sandbox/invoices" />;
    case '/sandbox/invoices':
      page = <SandboxInvoicesPage />;
      break;
    default:
      page = <NotFound />;
  }
  return <Shell>{page}</Shell>;
}
