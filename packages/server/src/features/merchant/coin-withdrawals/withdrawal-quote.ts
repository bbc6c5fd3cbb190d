import type { FieldIssue } from '../../../platform/http/errors.js';
import { isValidAddress } from '../addresses/addresses.js';
import { ACCOUNT_CURRENCIES, findCoin, findCurrency } from '../currencies.js';
import { parseAmountParam } from '../money/amount-param.js';
import { formatUnits, trimZeros } from '../money/decimal.js';
import { findRate } from '../rates/rate-table.js';
import { validateBeneficiary, type Beneficiary } from './beneficiary.js';
import type { CreateCoinWithdrawalInput } from './coin-withdrawal.schemas.js';
import {
  networkFeeUnits,
  withdrawableCoins,
  withdrawalNetworks,
  type NetworkFeeLevel,
} from './network-fees.js';
import { minimumPayoutUnits } from './payout-minimum.js';
import {
  AMOUNT_PARAMS,
  computeAmounts,
  maxReceivable,
  parseRate,
  leastAmount,
  type AmountParam,
  type Amounts,
  type Conversion,
} from './withdrawal-math.js';

/**
 * Turns CoinWithdrawalParams into a priced payout, or the validation details Cryptopay would
 * answer (every failed field at once). Pure: currencies, rates, fees and address formats are the
 * sandbox's fixed tables.
 */

/**
 * The sandbox's stand-in for Cryptopay's address screening: an address (the part before any
 * `?dt=`/`?memoId=`) containing this text, in any case, is "linked to illicit activity" and the
 * payout is refused with `high_risk_address`. The letters are valid in every network's alphabet
 * (hex, base58, bech32), so e.g. `0x…deaddead…` still passes the format check.
 */
export const HIGH_RISK_ADDRESS_MARKER = 'deaddead';

export const isHighRiskAddress = (address: string): boolean =>
  (address.split('?')[0] ?? '').toLowerCase().includes(HIGH_RISK_ADDRESS_MARKER);

export interface Quote {
  param: AmountParam;
  chargedCurrency: string;
  chargedPrecision: number;
  receivedCurrency: string;
  receivedPrecision: number;
  network: string;
  networkFeeLevel: NetworkFeeLevel;
  address: string;
  /** Charged currency per received coin, as the rate table prints it; null: same currency. */
  rate: string | null;
  conversion: Conversion;
  amounts: Amounts;
  highRisk: boolean;
  beneficiary: Beneficiary | null;
}

export type QuoteResult = { ok: true; quote: Quote } | { ok: false; issues: FieldIssue[] };

/** Wire form of amounts in messages and args: "5.0", "0.00008334". */
export const display = (units: bigint, precision: number): string => trimZeros(formatUnits(units, precision));

const tooSmall = (field: AmountParam, min: string): FieldIssue => ({
  field,
  message: `must be greater than or equal to ${min}`,
  code: 'must_be_greater_than_or_equal',
  args: { value: min },
});

/** The currencies a payout of `received` may be charged to: the coin itself and what prices it. */
function chargeableFor(received: string): string[] {
  return ACCOUNT_CURRENCIES.filter((c) => c === received || findRate(received, c) !== undefined);
}

export function quoteWithdrawal(input: CreateCoinWithdrawalInput): QuoteResult {
  const issues: FieldIssue[] = [];

  // Currencies and network.
  const coin = findCoin(input.received_currency);
  const coinOk = coin !== undefined && withdrawalNetworks(coin.currency).length > 0;
  if (!coinOk) {
    const list = withdrawableCoins().map((c) => c.currency);
    issues.push({
      field: 'received_currency',
      message: `must be one of: ${list.join(', ')}`,
      code: 'must_be_included_in',
      args: { list },
    });
  }
  const charged = findCurrency(input.charged_currency);
  const chargeable = coinOk ? chargeableFor(coin.currency) : ACCOUNT_CURRENCIES;
  if (!charged || !chargeable.includes(charged.currency))
    issues.push({
      field: 'charged_currency',
      message: `must be one of: ${chargeable.join(', ')}`,
      code: 'must_be_included_in',
      args: { list: [...chargeable] },
    });
  const networks = coinOk ? withdrawalNetworks(coin.currency) : [];
  const network =
    input.network === undefined ? networks[0] : networks.find((n) => n.network === input.network);
  if (coinOk && !network) {
    const list = networks.map((n) => n.network);
    issues.push({
      field: 'network',
      message: `must be one of: ${list.join(', ')}`,
      code: 'must_be_included_in',
      args: { list },
    });
  }

  // Address, checked against the coin and network it is for.
  if (coinOk && network && !isValidAddress(coin.currency, network.network, input.address))
    issues.push({
      field: 'address',
      message: `must be a valid ${coin.currency} address`,
      code: 'invalid_coin_address',
      args: { currency: coin.currency },
    });

  // Exactly one amount parameter (the SDK scheme).
  const given = AMOUNT_PARAMS.filter((p) => input[p] !== undefined);
  if (given.length === 0)
    issues.push({
      field: 'charged_amount',
      message: `exactly one of ${AMOUNT_PARAMS.join(', ')} must be given`,
      code: 'must_be_filled',
      args: { one_of: [...AMOUNT_PARAMS] },
    });
  for (const extra of given.slice(1))
    issues.push({
      field: extra,
      message: `must be null or absent: give exactly one of ${AMOUNT_PARAMS.join(', ')} (${given[0]} is given)`,
      code: 'invalid',
      args: { one_of: [...AMOUNT_PARAMS] },
    });

  // The one amount, at the precision of its currency.
  const param = given.length === 1 ? given[0] : undefined;
  const paramCurrency = param === 'received_amount' ? (coinOk ? coin : undefined) : charged;
  let units: bigint | null = null;
  if (param !== undefined && paramCurrency) {
    const min = minimumPayoutUnits(paramCurrency.currency) ?? 1n;
    const amount = parseAmountParam(param, input[param] as string | number, paramCurrency.precision, min);
    if (amount.ok) units = amount.units;
    else issues.push(amount.issue);
  }

  // Travel rule.
  let beneficiary: Beneficiary | null = null;
  if (input.travel_rule_compliant) {
    const checked = validateBeneficiary(input.beneficiary);
    if (checked.ok) beneficiary = checked.beneficiary;
    else issues.push(...checked.issues);
  }

  if (issues.length > 0 || !coinOk || !charged || !network || param === undefined || units === null)
    return { ok: false, issues };

  const rate =
    charged.currency === coin.currency
      ? null
      : (findRate(coin.currency, charged.currency)?.sell_rate ?? null);
  const conversion: Conversion = {
    chargedPrecision: charged.precision,
    receivedPrecision: coin.precision,
    rate: rate === null ? null : parseRate(rate),
  };
  const fee = networkFeeUnits(coin, network.network, input.network_fee_level);
  const amounts = computeAmounts(param, units, fee, conversion);
  if (amounts.received <= 0n) {
    // The amount does not even cover the fees: name the least that sends one unit of the coin.
    const least = leastAmount(param, fee, conversion);
    return { ok: false, issues: [tooSmall(param, display(least, paramCurrency!.precision))] };
  }
  return {
    ok: true,
    quote: {
      param,
      chargedCurrency: charged.currency,
      chargedPrecision: charged.precision,
      receivedCurrency: coin.currency,
      receivedPrecision: coin.precision,
      network: network.network,
      networkFeeLevel: input.network_fee_level,
      address: input.address,
      rate,
      conversion,
      amounts,
      highRisk: isHighRiskAddress(input.address),
      beneficiary,
    },
  };
}

/**
 * Cryptopay's answer to a payout beyond the balance: both amounts' maxima, in their currencies
 * (charged: the balance; received: what that balance would send after fees).
 */
export function insufficientFunds(quote: Quote, balance: bigint): FieldIssue[] {
  const maxCharged = display(balance > 0n ? balance : 0n, quote.chargedPrecision);
  const maxReceived = display(
    balance > 0n ? maxReceivable(balance, quote.amounts.networkFee, quote.conversion) : 0n,
    quote.receivedPrecision,
  );
  return [
    {
      field: 'charged_amount',
      message: `must be less than or equal to ${maxCharged}`,
      code: 'must_be_less_than_or_equal',
      args: { value: maxCharged },
    },
    {
      field: 'received_amount',
      message: `must be less than or equal to ${maxReceived}`,
      code: 'must_be_less_than_or_equal',
      args: { value: maxReceived },
    },
  ];
}
