import type { Feature } from '../../platform/feature.js';
import { callbackSecretContext } from './account-store.js';
import { accountsCommand } from './accounts.cli.js';
import { foundation } from './foundation.migration.js';
import { signupAttemptsMigration } from './signup-attempts.migration.js';
import { signupRoute } from './signup.route.js';
import './tables.js';

export { ACCOUNT_STATUSES, type AccountStatus } from './tables.js';
export { ACCOUNT_STATUS_CHANGED, changeAccountStatus } from './account-service.js';
export * from './account-store.js';

/**
 * Business accounts: signup, activation and suspension (`signet accounts`), and the account's
 * callback secret column. The foundation migration predates the feature split: it also creates
 * the users, sessions, invitations, login_failures and audit_log tables (its name is applied in
 * existing databases, so it stays one migration). Signups are limited per source address and in
 * total (signup-throttle.ts).
 */
export const accountsFeature: Feature = {
  name: 'accounts',
  migrations: { '001_foundation': foundation, '013_signup_attempts': signupAttemptsMigration },
  sealedColumns: [
    {
      table: 'accounts',
      idColumn: 'id',
      ciphertextColumn: 'callback_secret_enc',
      keyIdColumn: 'callback_secret_key_id',
      context: callbackSecretContext,
    },
  ],
  dashboardRoutes: [signupRoute],
  commands: (cli) => [accountsCommand(cli)],
};
