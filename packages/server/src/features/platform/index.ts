import type { Feature } from '../../platform/feature.js';
import { idempotencyBodyContext } from './idempotency.js';
import { platformMigration } from './platform.migration.js';
import { installPlatformGuard } from './platform-guard.js';
import { serviceTokensPlugin } from './token-runtime.js';
import { tokensCommand } from './tokens.cli.js';
import './tables.js';

export { SCOPES, isScope, type Scope } from './scopes.js';
export type { PlatformRoutes } from '../../platform/feature.js';
export { platformActorOf, platformTokenOf, type PlatformToken } from './platform-guard.js';
export { idempotent, idempotencyHeaders, requestHash, type Answer } from './idempotency.js';
export {
  createServiceToken,
  listServiceTokens,
  revokeServiceToken,
  SERVICE_TOKEN_CHANGED,
  UnknownScopeError,
  type CreatedServiceToken,
} from './token-service.js';
export type { ServiceTokens } from './token-runtime.js';

/**
 * The platform API's foundation, `/platform/v1`: service tokens (`signet tokens`), the guard that
 * admits them (Bearer token, one scope per route, `request.platformToken`) and idempotent
 * requests. It contributes no routes: features add theirs through `Feature.platformRoutes`, using
 * `platformActorOf` for the audit line. It imports no other feature, so any feature may build on it.
 */
export const platformFeature: Feature = {
  name: 'platform',
  migrations: { '005_platform': platformMigration },
  sealedColumns: [
    {
      table: 'idempotency_keys',
      idColumn: 'id',
      ciphertextColumn: 'body',
      keyIdColumn: 'body_key_id',
      context: idempotencyBodyContext,
    },
  ],
  plugin: serviceTokensPlugin,
  platformGuard: installPlatformGuard,
  commands: (cli) => [tokensCommand(cli)],
};
