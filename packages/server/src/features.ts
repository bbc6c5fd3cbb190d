import { accountsFeature } from './features/accounts/index.js';
import { apiKeysFeature } from './features/api-keys/index.js';
import { auditFeature } from './features/audit/index.js';
import { callbacksFeature } from './features/callbacks/index.js';
import { gatewayFeature } from './features/gateway/index.js';
import { merchantFeature } from './features/merchant/index.js';
import { merchantAuthFeature } from './features/merchant-auth/index.js';
import { platformFeature } from './features/platform/index.js';
import { platformAccountsFeature } from './features/platform-accounts/index.js';
import { sessionsFeature } from './features/sessions/index.js';
import { twoFactorFeature } from './features/two-factor/index.js';
import { usersFeature } from './features/users/index.js';
import type { Feature } from './platform/feature.js';

/**
 * The composition root: every feature `signet serve`, `signet worker` and the CLI run, in
 * registration order. A new feature is one line here.
 */
export const FEATURES: readonly Feature[] = [
  accountsFeature,
  usersFeature,
  sessionsFeature,
  twoFactorFeature,
  platformFeature,
  platformAccountsFeature,
  auditFeature,
  apiKeysFeature,
  merchantAuthFeature,
  merchantFeature,
  gatewayFeature,
  callbacksFeature,
];
