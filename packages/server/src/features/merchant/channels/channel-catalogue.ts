import type { FieldIssue } from '../../../platform/http/errors.js';
import { ACCOUNT_CURRENCIES, COINS, findCoin, findCurrency, type Coin } from '../currencies.js';
import { findRate } from '../rates/rate-table.js';

/**
 * What a channel may be opened for, from the sandbox catalogue: the payer sends a coin on one of
 * its networks; the merchant is credited in the same coin or in any currency the rate table
 * quotes that coin in (today every fiat; crypto-to-crypto pairs appear here as soon as the table
 * has them). Only networks whose `channels` flag is enabled take new channels. Pure: no I/O.
 */

const channelNetworks = (coin: Coin) => coin.networks.filter((n) => n.channels.enabled);

/** The coins a channel can be opened for, in catalogue order. */
export const channelPayCurrencies = (): string[] =>
  COINS.filter((c) => channelNetworks(c).length > 0).map((c) => c.currency);

/** The rate a payment in `pay` is converted to `receiver` at; "1.0" for the same currency. */
export function channelRate(pay: string, receiver: string): string | undefined {
  if (pay === receiver) return '1.0';
  return findRate(pay, receiver)?.buy_rate;
}

/** The currencies a channel paid in `pay` can credit, in account order. */
export function receiverCurrenciesFor(pay: string): string[] {
  return ACCOUNT_CURRENCIES.filter((c) => channelRate(pay, c) !== undefined);
}

export interface ChannelCurrencies {
  pay_currency: string;
  receiver_currency: string;
  network: string;
}

const oneOf = (field: string, list: readonly string[]): FieldIssue => ({
  field,
  message: `must be one of: ${list.join(', ')}`,
  code: 'must_be_included_in',
  args: { list: [...list] },
});

/**
 * Checks the three catalogue fields together; a wrong one answers `must_be_included_in` with the
 * values that would have been accepted. `network` defaults to the coin's first network that takes channels.
 */
export function checkChannelCurrencies(req: {
  pay_currency: string;
  receiver_currency: string;
  network?: string | undefined;
}): { ok: true; value: ChannelCurrencies } | { ok: false; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const found = findCoin(req.pay_currency);
  const coin = found && channelNetworks(found).length > 0 ? found : undefined;
  if (!coin) issues.push(oneOf('pay_currency', channelPayCurrencies()));
  const receivers = coin ? receiverCurrenciesFor(coin.currency) : ACCOUNT_CURRENCIES;
  // Without a valid pay currency the pair cannot be judged; only the currency itself is checked.
  if (!findCurrency(req.receiver_currency) || !receivers.includes(req.receiver_currency))
    issues.push(oneOf('receiver_currency', receivers));
  const networks = coin ? channelNetworks(coin) : [];
  const network = req.network === undefined ? networks[0] : networks.find((n) => n.network === req.network);
  if (coin && !network)
    issues.push(
      oneOf(
        'network',
        networks.map((n) => n.network),
      ),
    );
  if (issues.length > 0 || !coin || !network) return { ok: false, issues };
  return {
    ok: true,
    value: {
      pay_currency: coin.currency,
      receiver_currency: req.receiver_currency,
      network: network.network,
    },
  };
}
