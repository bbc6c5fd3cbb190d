import type { Network } from '../currencies.js';
import { parseUnits } from '../money/decimal.js';

/**
 * Payment URIs as wallets read them (CRYPTOPAY-API.md §5.1). With an amount for an invoice,
 * without for a channel (the payer chooses). Per network:
 *
 *   bitcoin, litecoin   BIP-21  `bitcoin:<address>?amount=<coins>`, `litecoin:…`
 *   bitcoin_cash        BIP-21 with the CashAddr prefix as the scheme: `bchtest:q…?amount=` —
 *                       on testnet the prefix is `bchtest`, and wallets (Electron Cash) only
 *                       accept the URI whose scheme is their network's prefix (mainnet's is
 *                       `bitcoincash:`)
 *   ethereum, ETH       EIP-681 `ethereum:<address>?value=<wei>`, wei as an integer string: every
 *                       EIP-681 reader takes an integer, not all take `2.014e18`
 *   ethereum, ERC-20    EIP-681 `ethereum:<contract>/transfer?address=<address>&uint256=<units>`,
 *                       units in the token's smallest unit written as Cryptopay's sandbox writes
 *                       them (`0.5e2` for 50 — Ruby's BigDecimal notation, Ruby SDK fixture)
 *   tron (TRX, USDT)    the bare address, as Cryptopay's docs show for USDT on Tron
 *   ripple              `ripple:<address>?amount=<xrp>&dt=<tag>`
 *   stellar             SEP-0007 `web+stellar:pay?destination=<G…>&amount=<xlm>&memo=<id>&memo_type=MEMO_ID`
 *   solana              Solana Pay `solana:<address>?amount=<sol>`, `&spl-token=<mint>` for USDC
 *
 * EIP-681 URIs carry no `@<chain id>`, like Cryptopay's sandbox's. Amounts are written without
 * trailing zeros ("25" for "25.000000"); `amount` is a decimal string at most at the network's
 * precision.
 */

export interface UriInput {
  /** Without its tag; `tag` is the `?dt=` / `?memoId=` value when the address had one. */
  address: string;
  tag: string | null;
  amount?: string | undefined;
}

const DECIMAL = /^\d+(\.\d+)?$/;

/** "25.000000" → "25", "0.0016750" → "0.001675". */
function plain(amount: string): string {
  if (!DECIMAL.test(amount)) throw new Error(`payment URI amount ${amount} is not a decimal`);
  return amount.includes('.') ? amount.replace(/0+$/, '').replace(/\.$/, '') : amount;
}

/** The amount in the network's smallest unit (wei, token units). */
function smallestUnits(amount: string, decimals: number): bigint {
  const parsed = parseUnits(amount, decimals);
  if (!parsed.ok) throw new Error(`payment URI amount ${amount}: ${parsed.message}`);
  return parsed.units;
}

/** 50 → "0.5e2", 25000000 → "0.25e8": the digits as a fraction and the power of ten. */
export function scientific(units: bigint): string {
  if (units === 0n) return '0';
  const digits = units.toString();
  return `0.${digits.replace(/0+$/, '')}e${digits.length}`;
}

const query = (params: [string, string | null | undefined][]) => {
  const present = params.filter((p): p is [string, string] => p[1] !== null && p[1] !== undefined);
  return present.length === 0 ? '' : `?${present.map(([k, v]) => `${k}=${v}`).join('&')}`;
};

type Builder = (input: UriInput, network: Network) => string;

const bip21 =
  (scheme: string): Builder =>
  ({ address, amount }) =>
    `${scheme}:${address}${query([['amount', amount === undefined ? null : plain(amount)]])}`;

const BUILDERS: Record<string, Builder> = {
  bitcoin: bip21('bitcoin'),
  litecoin: bip21('litecoin'),
  bitcoin_cash: ({ address, amount }) => {
    const withPrefix = address.includes(':') ? address : `bchtest:${address}`;
    return `${withPrefix}${query([['amount', amount === undefined ? null : plain(amount)]])}`;
  },
  ethereum: ({ address, amount }, network) => {
    if (network.token)
      return `ethereum:${network.token.contract}/transfer${query([
        ['address', address],
        ['uint256', amount === undefined ? null : scientific(smallestUnits(amount, network.decimals))],
      ])}`;
    return `ethereum:${address}${query([
      ['value', amount === undefined ? null : smallestUnits(amount, network.decimals).toString()],
    ])}`;
  },
  tron: ({ address }) => address,
  ripple: ({ address, tag, amount }) =>
    `ripple:${address}${query([
      ['amount', amount === undefined ? null : plain(amount)],
      ['dt', tag],
    ])}`,
  stellar: ({ address, tag, amount }) =>
    `web+stellar:pay${query([
      ['destination', address],
      ['amount', amount === undefined ? null : plain(amount)],
      ['memo', tag],
      ['memo_type', tag === null ? null : 'MEMO_ID'],
    ])}`,
  solana: ({ address, amount }, network) =>
    `solana:${address}${query([
      ['amount', amount === undefined ? null : plain(amount)],
      ['spl-token', network.token?.contract],
    ])}`,
};

export function buildPaymentUri(input: UriInput, network: Network): string {
  const build = BUILDERS[network.network];
  if (!build) throw new Error(`no payment URI format for network ${network.network}`);
  return build(input, network);
}
