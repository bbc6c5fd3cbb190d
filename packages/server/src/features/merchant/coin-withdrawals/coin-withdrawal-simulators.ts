import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../../platform/context.js';
import { tx } from '../../../platform/db/tx.js';
import { sandboxAddress } from '../addresses/addresses.js';
import { currentBalance, postLedgerEntry, precisionOf } from '../balances/ledger-store.js';
import { formatUnits } from '../money/decimal.js';
import type { SandboxAudit, Simulator, Trigger } from '../resource.js';
import { createCoinWithdrawalBody, type CoinWithdrawal } from './coin-withdrawal.schemas.js';
import { createCoinWithdrawal, simulateCoinWithdrawal } from './withdrawal-service.js';
import { quoteWithdrawal } from './withdrawal-quote.js';
import { SIMULATION_ALIASES, SIMULATION_TARGETS, type SimulationTarget } from './withdrawal-state.js';

/**
 * `signet sandbox simulate coin_withdrawal <id> <state>` and the `CoinWithdrawal.*` triggers.
 * States are the machine's statuses plus the CLI's verbs: confirm (→ completed, through
 * processing and sent), fail (→ failed), cancel (→ cancelled, through failed when active).
 */
export const coinWithdrawalSimulator: Simulator = {
  resource: 'coin_withdrawal',
  states: [...Object.keys(SIMULATION_ALIASES), ...SIMULATION_TARGETS],
  simulate: (ctx, accountId, id, state, _options, audit) =>
    simulateCoinWithdrawal(
      ctx,
      accountId,
      id,
      SIMULATION_ALIASES[state] ?? (state as SimulationTarget),
      audit,
    ),
};

/** What a trigger pays out: 10 EUR's worth of BTC to a fresh sandbox address, committed at once. */
const triggerParams = () =>
  createCoinWithdrawalBody.parse({
    address: sandboxAddress('BTC', 'bitcoin'),
    charged_currency: 'EUR',
    received_currency: 'BTC',
    charged_amount_to_send: '10',
    force_commit: true,
  });

/** Credited when the EUR balance cannot cover the triggered payout (a manual sandbox top-up). */
const TOP_UP_EUR_CENTS = 10_000n;

/** Tops the charged account up if needed, as a ManualBalanceTransaction with its audit line. */
async function fundFor(
  ctx: AppContext,
  accountId: string,
  input: ReturnType<typeof triggerParams>,
  audit: SandboxAudit,
): Promise<void> {
  const quoted = quoteWithdrawal(input);
  if (!quoted.ok) throw new Error('the trigger payout does not validate');
  const needed = quoted.quote.amounts.charged;
  await tx(ctx, async (t) => {
    const balance = await currentBalance(t.db, accountId, input.charged_currency);
    if (balance >= needed) return;
    const units = needed - balance > TOP_UP_EUR_CENTS ? needed - balance : TOP_UP_EUR_CENTS;
    await postLedgerEntry(t.db, {
      accountId,
      currency: input.charged_currency,
      units,
      referenceType: 'ManualBalanceTransaction',
      referenceId: randomUUID(),
      description: 'Sandbox top-up for a triggered coin withdrawal',
      at: t.now.toISOString(),
    });
    await t.audit({
      accountId,
      actor: audit.actor,
      action: 'sandbox.coin_withdrawal_simulated',
      target: `top-up of ${formatUnits(units, precisionOf(input.charged_currency))} ${input.charged_currency} for a triggered payout`,
      ip: audit.ip,
    });
  });
}

async function createForTrigger(
  ctx: AppContext,
  accountId: string,
  audit: SandboxAudit,
): Promise<CoinWithdrawal> {
  const input = triggerParams();
  await fundFor(ctx, accountId, input, audit);
  return createCoinWithdrawal(ctx, accountId, input);
}

export const coinWithdrawalTriggers: Trigger[] = [
  { event: 'CoinWithdrawal.created', fire: createForTrigger },
  {
    event: 'CoinWithdrawal.status_changed',
    fire: async (ctx, accountId, audit) => {
      const created = await createForTrigger(ctx, accountId, audit);
      return simulateCoinWithdrawal(ctx, accountId, created.id, 'completed', audit);
    },
  },
];
