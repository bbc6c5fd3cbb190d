/** What a service token may be granted; each platform route declares exactly one (`config.scope`). */
export const SCOPES = ['accounts:read', 'accounts:write', 'portal', 'events:write', 'verify'] as const;

export type Scope = (typeof SCOPES)[number];

export const isScope = (value: string): value is Scope => (SCOPES as readonly string[]).includes(value);
