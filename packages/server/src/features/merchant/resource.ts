import type { Actor } from '../../platform/audit/audit-log.js';
import type { AppContext } from '../../platform/context.js';
import type { MigrationFactory } from '../../platform/db/migrations/helpers.js';
import type { DashboardRoutes } from '../../platform/feature.js';
import type { MerchantRoutes } from '../merchant-auth/index.js';

/** Who asked for a sandbox change, for its audit line. */
export interface SandboxAudit {
  actor: Actor;
  ip: string;
}

/**
 * Moves one object of a resource to a state, as the real network would (a payment seen, a payout
 * confirmed): the dashboard's simulate endpoint and `signet sandbox simulate <resource> <id>
 * <state>` both call it. `options` carries a state's extras (`amount`, `confirmations`, …) as text.
 */
export interface Simulator {
  /** The CLI's resource word: `invoice`, `channel`, `coin_withdrawal`, `subscription`, `refund`. */
  resource: string;
  /** What `state` may be, for help texts and validation. */
  states: readonly string[];
  /** Option names the states read, with a one-line help each. */
  options?: Record<string, string>;
  simulate(
    ctx: AppContext,
    accountId: string,
    id: string,
    state: string,
    options: Record<string, string>,
    audit: SandboxAudit,
  ): Promise<unknown>;
}

/**
 * `signet sandbox trigger <event>`: creates whatever the event needs in the account and makes it
 * happen, so the callback fires (like Stripe's `trigger`). Event names are `<type>.<event>` in
 * Cryptopay's words: `Invoice.status_changed`, `ChannelPayment.completed`, …
 */
export interface Trigger {
  event: string;
  fire(ctx: AppContext, accountId: string, audit: SandboxAudit): Promise<unknown>;
}

/**
 * One resource group of the merchant API (a folder beside this file), as its `index.ts` exports
 * it. `merchant/index.ts` lists them; nothing else registers a merchant route.
 */
export interface MerchantResource {
  routes: MerchantRoutes[];
  /** Global names (`NNN_<name>`), as every feature's. */
  migrations?: Record<string, MigrationFactory>;
  /** Sandbox tools of the dashboard (registered in sandbox mode only, by each route set). */
  dashboardRoutes?: DashboardRoutes[];
  simulators?: Simulator[];
  triggers?: Trigger[];
}
