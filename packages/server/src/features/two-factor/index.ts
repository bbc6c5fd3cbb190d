import type { Feature } from '../../platform/feature.js';
import { confirmEnrolmentRoute } from './confirm-enrolment.route.js';
import { disableRoute } from './disable.route.js';
import { twoFactorGuard } from './guard.js';
import { twoFactorCommand } from './two-factor.cli.js';
import { regenerateRecoveryCodesRoute } from './recovery-codes.route.js';
import { startEnrolmentRoute } from './start-enrolment.route.js';
import { twoFactorStatusRoute } from './status.route.js';
import { stepUpRoute } from './step-up.route.js';
import './tables.js';
import { totpSecretContext } from './two-factor-store.js';
import { twoFactorMigration } from './two-factor.migration.js';

/**
 * Two-factor authentication (TOTP, RFC 6238) for dashboard users: enrolment with a QR code and
 * recovery codes, the login's second factor, step-up for credential actions (routes flagged
 * `config.stepUp`), and the operator's SIGNET_REQUIRE_2FA policy. The guard comes first among the
 * routes: it decorates the scope with the login's second factor and adds the preHandler.
 */
export const twoFactorFeature: Feature = {
  name: 'two-factor',
  migrations: { '014_two_factor': twoFactorMigration },
  sealedColumns: [
    {
      table: 'two_factor_totp',
      idColumn: 'user_id',
      ciphertextColumn: 'secret_enc',
      keyIdColumn: 'secret_key_id',
      context: totpSecretContext,
    },
  ],
  dashboardRoutes: [
    twoFactorGuard,
    twoFactorStatusRoute,
    startEnrolmentRoute,
    confirmEnrolmentRoute,
    disableRoute,
    regenerateRecoveryCodesRoute,
    stepUpRoute,
  ],
  commands: (cli) => [twoFactorCommand(cli)],
};
