import type { ComponentType } from 'react';
import type { Capabilities, Capability, Mode } from './api/types';
import { AuditLogPage } from './audit/AuditLogPage';
import { IntegrationPage } from './integration/IntegrationPage';
import { OverviewPage } from './overview/OverviewPage';
import { matchPath, type RouteProps } from './router';
import { SandboxChannelsPage } from './sandbox/SandboxChannelsPage';
import { SandboxInvoicesPage } from './sandbox/SandboxInvoicesPage';
import { SimulatePage } from './sandbox/SimulatePage';
import { SecurityPage } from './security/SecurityPage';
import { accessOf } from './session/access';
import { InvitePage } from './session/InvitePage';
import { LoginPage } from './session/LoginPage';
import { SignupPage } from './session/SignupPage';
import { UsersPage } from './users/UsersPage';

export interface Route {
  /** A path pattern; `:name` segments become `params.name`. */
  path: string;
  /** The document title (`… · Signet`); also the heading of the access-denied page. */
  title: string;
  /**
   * Who sees the page: `public` whoever visits (an invitation link works signed in or not), `guest`
   * signed-out visitors (a signed-in one is sent on), otherwise the server capability it needs. It
   * is shown unless the server's verdict is `reason: 'role'`; a pending account sees it locked.
   */
  access: 'public' | 'guest' | Capability;
  component: ComponentType<RouteProps>;
  /** Shown instead of the page when the user's role does not give access to it. */
  denied?: string;
  /** The navigation entry; consecutive entries with the same section share one heading. */
  nav?: { label: string; section?: string };
  /** Only served, and so only in the navigation, when the server runs in sandbox mode. */
  sandboxOnly?: boolean;
  /** When the page at this path is shown to the user, it replaces this one (link and address). */
  supersededBy?: string;
}

/** Every page of the dashboard, in navigation order. */
export const ROUTES: readonly Route[] = [
  { path: '/login', title: 'Log in', access: 'guest', component: LoginPage },
  { path: '/signup', title: 'Sign up', access: 'guest', component: SignupPage },
  { path: '/invite/:token', title: 'Accept invitation', access: 'public', component: InvitePage },
  {
    path: '/',
    title: 'Overview',
    access: 'session',
    component: OverviewPage,
    nav: { label: 'Overview' },
    supersededBy: '/integration/api',
  },
  {
    path: '/integration/api',
    title: 'Integration › API',
    access: 'integration',
    component: IntegrationPage,
    denied: 'Only Root and Admin users can manage API credentials.',
    nav: { section: 'Integration', label: 'API' },
  },
  {
    path: '/users',
    title: 'Users',
    access: 'users.read',
    component: UsersPage,
    denied: "Only Root and Admin users can view the account's users.",
    nav: { section: 'Settings', label: 'Users' },
  },
  {
    path: '/audit-log',
    title: 'Audit log',
    access: 'audit.read',
    component: AuditLogPage,
    denied: 'Only Root and Admin users can view the audit log.',
    nav: { section: 'Settings', label: 'Audit log' },
  },
  {
    path: '/settings/security',
    title: 'Security',
    access: 'session',
    component: SecurityPage,
    nav: { section: 'Settings', label: 'Security' },
  },
  {
    path: '/sandbox/invoices',
    title: 'Sandbox invoices',
    access: 'sandbox.read',
    component: SandboxInvoicesPage,
    nav: { section: 'Sandbox', label: 'Test invoices' },
    sandboxOnly: true,
  },
  {
    path: '/sandbox/channels',
    title: 'Sandbox channels',
    access: 'sandbox.read',
    component: SandboxChannelsPage,
    nav: { section: 'Sandbox', label: 'Test channels' },
    sandboxOnly: true,
  },
  {
    path: '/sandbox/simulate',
    title: 'Simulate',
    access: 'sandbox.read',
    component: SimulatePage,
    nav: { section: 'Sandbox', label: 'Simulate' },
    sandboxOnly: true,
  },
];

/** Section addresses that lead to their only page. */
export const ALIASES: Readonly<Record<string, string>> = {
  '/integration': '/integration/api',
  '/sandbox': '/sandbox/invoices',
};

export const NOT_FOUND_TITLE = 'Page not found';
export const DEFAULT_DENIED = 'Your role does not give access to this page.';

export function matchRoute(pathname: string): { route: Route; params: Record<string, string> } | null {
  for (const route of ROUTES) {
    const params = matchPath(route.path, pathname);
    if (params) return { route, params };
  }
  return null;
}

/** A page for signed-out visitors too (login, signup, an invitation link). */
export function isPublicPath(pathname: string): boolean {
  const access = matchRoute(pathname)?.route.access;
  return access === 'public' || access === 'guest';
}

/** Whether the user may see a signed-in page (public and guest pages are not asked about). */
export function isShown(route: Route, capabilities: Capabilities): boolean {
  if (route.access === 'public' || route.access === 'guest') return true;
  return accessOf(capabilities, route.access).shown;
}

/** The page that replaces `route` for this user, if any. */
export function replacementOf(route: Route, capabilities: Capabilities): string | null {
  if (!route.supersededBy) return null;
  const next = matchRoute(route.supersededBy);
  return next && isShown(next.route, capabilities) ? route.supersededBy : null;
}

export interface NavItem {
  to: string;
  label: string;
}
export interface NavGroup {
  heading?: string;
  items: NavItem[];
}

/** The navigation the user sees: the table's entries the server shows them, grouped by section. */
export function navigation(capabilities: Capabilities, mode: Mode | undefined): NavGroup[] {
  const groups: NavGroup[] = [];
  for (const route of ROUTES) {
    if (!route.nav || !isShown(route, capabilities) || replacementOf(route, capabilities)) continue;
    if (route.sandboxOnly && mode !== 'sandbox') continue;
    const { label, section } = route.nav;
    const last = groups[groups.length - 1];
    if (last && last.heading === section) last.items.push({ to: route.path, label });
    else groups.push({ heading: section, items: [{ to: route.path, label }] });
  }
  return groups;
}
