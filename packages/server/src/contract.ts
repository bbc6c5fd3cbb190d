/**
 * The wire contract: every request and response schema of the management API (`/dashboard/api`)
 * and the merchant API (`/api`), one Zod schema per wire object. The server validates and
 * serialises with these, `/openapi.json` is generated from them, and the web app and the client
 * package take their types from here (type-only imports: `import type { … } from
 * '@signet/server/contract'`), so no side guesses the shape of the other.
 *
 * Each feature keeps its schemas beside its routes (`*.schemas.ts`) and exports them here.
 */

// ── dashboard API ──
export * from './features/api-keys/api-keys.schemas.js';
export * from './features/users/users.schemas.js';
export * from './features/sessions/sessions.schemas.js';
export * from './features/two-factor/two-factor.schemas.js';
export * from './features/audit/audit.schemas.js';
export * from './features/callbacks/callbacks.schemas.js';
export * from './features/merchant/sandbox/sandbox.schemas.js';
export * from './features/merchant/simulation/simulation.schemas.js';
export * from './features/gateway/gateway.schemas.js';

// ── platform API (/platform/v1) ──
export * from './features/platform-accounts/platform-accounts.schemas.js';
export * from './features/merchant-auth/verify.schemas.js';

// ── merchant API ──
export * from './features/merchant/wire/common-models.js';
export * from './features/merchant/invoices/invoice.schemas.js';
export * from './features/merchant/rates/rate.schemas.js';
export * from './features/merchant/coins/coin.schemas.js';
export * from './features/merchant/balances/balance.schemas.js';
export * from './features/merchant/channels/channels.schemas.js';
export * from './features/merchant/coin-withdrawals/coin-withdrawal.schemas.js';
export * from './features/merchant/subscriptions/subscriptions.schemas.js';
export * from './features/merchant/customers/customers.schemas.js';
export * from './features/merchant/exchange-transfers/exchange-transfer.schemas.js';
export * from './features/merchant/risks/risks.schemas.js';
