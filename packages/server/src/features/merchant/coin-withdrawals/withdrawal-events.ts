import { enqueueCallback } from '../../callbacks/index.js';
import type { AppContext } from '../../../platform/context.js';
import type { Tx } from '../../../platform/db/tx.js';
import type { CoinWithdrawal } from './coin-withdrawal.schemas.js';
import type { CoinWithdrawalEvent } from './withdrawal-state.js';

/**
 * A `CoinWithdrawal` callback (CRYPTOPAY-API.md §4.2), written into the outbox inside the
 * transaction that made the change: `data` is the withdrawal exactly as GET answers it, as it
 * stood at that event.
 */
export async function emitWithdrawalEvent(
  ctx: AppContext,
  t: Tx,
  accountId: string,
  event: CoinWithdrawalEvent,
  data: CoinWithdrawal,
): Promise<void> {
  await enqueueCallback(ctx, t, { accountId, type: 'CoinWithdrawal', event, data });
}
