import type { AccountStatus } from '../accounts/index.js';

/**
 * The role matrix, in one place. Routes declare the capability they need; the access hook
 * (sessions/access.ts) is the only code that compares roles.
 */
export const ROLES = ['root', 'admin', 'spend', 'support', 'create', 'view'] as const;
export type Role = (typeof ROLES)[number];
export const INVITABLE_ROLES = [
  'admin',
  'spend',
  'support',
  'create',
  'view',
] as const satisfies readonly Role[];

interface CapabilityRule {
  roles: readonly Role[];
  /** Credentials can only be created or used once an operator has activated the account. */
  activeAccount: boolean;
}

export const CAPABILITIES = {
  session: { roles: ROLES, activeAccount: false },
  'users.read': { roles: ['root', 'admin'], activeAccount: false },
  'users.manage': { roles: ['root'], activeAccount: false },
  integration: { roles: ['root', 'admin'], activeAccount: true },
  'audit.read': { roles: ['root', 'admin'], activeAccount: false },
  'sandbox.read': { roles: ROLES, activeAccount: false },
  'sandbox.simulate': { roles: ['root', 'admin', 'support'], activeAccount: true },
} as const satisfies Record<string, CapabilityRule>;

export type Capability = keyof typeof CAPABILITIES;

/** What a route declares: a capability, or `public` for signup, login and invitation acceptance. */
export type Access = Capability | 'public';

export type AccessDecision = 'allowed' | 'role_forbidden' | 'account_not_activated';

export function decideAccess(
  capability: Capability,
  role: Role,
  accountStatus: AccountStatus,
): AccessDecision {
  const rule: CapabilityRule = CAPABILITIES[capability];
  if (!rule.roles.includes(role)) return 'role_forbidden';
  if (rule.activeAccount && accountStatus !== 'active') return 'account_not_activated';
  return 'allowed';
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
