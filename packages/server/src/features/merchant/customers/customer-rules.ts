import type { FieldIssue } from '../../../platform/http/errors.js';
import { isValidAddress } from '../addresses/addresses.js';
import { ACCOUNT_CURRENCIES, COINS, findCoin } from '../currencies.js';
import type { CustomerAddress } from './customers.schemas.js';

/**
 * What a customer's fields must satisfy beyond their JSON shape (CRYPTOPAY-API.md §2.7), as pure
 * checks over the sandbox catalogue. Every failed field is reported, in Cryptopay's codes:
 *
 *   currency                 one the merchant can hold (fiat or coin)   must_be_included_in {list}
 *   addresses.N.currency     a coin of the catalogue                    must_be_included_in {list}
 *   addresses.N.network      a network that coin runs on                must_be_included_in {list}
 *   addresses.N.address      the network's address format               invalid_coin_address {currency}
 *   addresses.N.currency     a second address for the same coin         must_be_unique {currency} [I]
 *
 * The last rule is the models' "at most one refund address per cryptocurrency" (high-risk payments
 * from the customer go back to it); Cryptopay's code for it is not documented, so `must_be_unique`
 * is Signet's choice. Targets name the array element as the schema errors do (`addresses.1.network`).
 */

const included = (field: string, list: readonly string[]): FieldIssue => ({
  field,
  message: `must be one of: ${list.join(', ')}`,
  code: 'must_be_included_in',
  args: { list: [...list] },
});

export function checkCustomerCurrency(currency: string): FieldIssue[] {
  return ACCOUNT_CURRENCIES.includes(currency) ? [] : [included('currency', ACCOUNT_CURRENCIES)];
}

export function checkCustomerAddresses(addresses: readonly CustomerAddress[]): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  addresses.forEach((a, i) => {
    const at = `addresses.${i}`;
    const coin = findCoin(a.currency);
    if (!coin) {
      issues.push(
        included(
          `${at}.currency`,
          COINS.map((c) => c.currency),
        ),
      );
      return;
    }
    if (seen.has(coin.currency))
      issues.push({
        field: `${at}.currency`,
        message: `has a refund address already: at most one address per cryptocurrency`,
        code: 'must_be_unique',
        args: { currency: coin.currency },
      });
    seen.add(coin.currency);
    if (!coin.networks.some((n) => n.network === a.network)) {
      issues.push(
        included(
          `${at}.network`,
          coin.networks.map((n) => n.network),
        ),
      );
      return;
    }
    if (!isValidAddress(coin.currency, a.network, a.address))
      issues.push({
        field: `${at}.address`,
        message: `must be a valid ${coin.currency} address`,
        code: 'invalid_coin_address',
        args: { currency: coin.currency },
      });
  });
  return issues;
}
