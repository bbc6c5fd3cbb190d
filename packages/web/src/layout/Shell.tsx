import { useEffect, useState, type ReactNode } from 'react';
import { Link, useLocation } from '../router';
import { navigation, type NavItem } from '../routes';
import { useAuthed, useSession } from '../session/SessionContext';
import { Badge, statusTone } from '../ui/Badge';
import { Button } from '../ui/Button';
import { roleLabel } from '../ui/format';
import { Logo } from './Logo';

function NavLink({ to, label, onNavigate }: NavItem & { onNavigate: () => void }) {
  const { pathname } = useLocation();
  const active = pathname === to || (to !== '/' && pathname.startsWith(to + '/'));
  return (
    <Link
      to={to}
      className={`nav-link ${active ? 'active' : ''}`}
      aria-current={active ? 'page' : undefined}
      onClick={onNavigate}
    >
      {label}
    </Link>
  );
}

export function Shell({ children }: { children: ReactNode }) {
  const { user, account, mode, capabilities } = useAuthed();
  const { logout } = useSession();
  const { pathname } = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  const [loggingOut, setLoggingOut] = useState(false);

  useEffect(() => setMenuOpen(false), [pathname]);

  const groups = navigation(capabilities, mode);

  return (
    <div className="shell">
      <aside className="sidebar">
        <div className="sidebar-top">
          <Link to="/" className="brand-link" aria-label="Signet home">
            <Logo />
          </Link>
          {mode === 'sandbox' ? <span className="mode-pill">Sandbox</span> : null}
          <button
            type="button"
            className="menu-toggle"
            aria-expanded={menuOpen}
            aria-controls="main-nav"
            onClick={() => setMenuOpen((o) => !o)}
          >
            <span aria-hidden="true" className="menu-icon" />
            Menu
          </button>
        </div>
        <nav id="main-nav" aria-label="Main" className={`nav ${menuOpen ? 'open' : ''}`}>
          {groups.map((g, i) => (
            <div className="nav-group" key={g.heading ?? i}>
              {g.heading ? <p className="nav-heading">{g.heading}</p> : null}
              <ul>
                {g.items.map((it) => (
                  <li key={it.to}>
                    <NavLink {...it} onNavigate={() => setMenuOpen(false)} />
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </nav>
      </aside>
      <div className="main-col">
        <header className="topbar">
          <div className="topbar-account">
            <span className="topbar-account-name">{account.name}</span>
            <Badge tone={statusTone(account.status)}>{roleLabel(account.status)}</Badge>
          </div>
          <div className="topbar-user">
            <span className="topbar-email" title={user.email}>
              {user.email}
            </span>
            <span className="role-tag">{roleLabel(user.role)}</span>
            <Button
              size="sm"
              variant="ghost"
              loading={loggingOut}
              onClick={() => {
                setLoggingOut(true);
                void logout();
              }}
            >
              Log out
            </Button>
          </div>
        </header>
        <main className="content" id="content">
          {children}
        </main>
      </div>
    </div>
  );
}
