/** The account's lifecycle, as the access rules see it (the accounts feature stores it). */
export const ACCOUNT_STATUSES = ['pending', 'active', 'suspended'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

/**
 * The role matrix, in one place. Routes declare the capability they need; the access hook
 * (features/sessions/access.ts) is the only code that compares roles.
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

/** Why a capability is refused, as the dashboard is told it (GET /me `capabilities`). */
export type RefusalReason = 'role' | 'account_not_activated';

/** Every capability's verdict for one user and account, decided by the same rule as the access hook. */
export function capabilityVerdicts(
  role: Role,
  accountStatus: AccountStatus,
): Record<Capability, { allowed: boolean; reason?: RefusalReason }> {
  const verdicts = {} as Record<Capability, { allowed: boolean; reason?: RefusalReason }>;
  for (const capability of Object.keys(CAPABILITIES) as Capability[]) {
    const decision = decideAccess(capability, role, accountStatus);
    verdicts[capability] =
      decision === 'allowed'
        ? { allowed: true }
        : { allowed: false, reason: decision === 'role_forbidden' ? 'role' : 'account_not_activated' };
  }
  return verdicts;
}
