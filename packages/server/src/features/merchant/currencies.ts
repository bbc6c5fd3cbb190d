/**
 * The sandbox's fixed currency catalogue: the coins invoices, channels and withdrawals use (with
 * their networks) and the fiat currencies prices can be quoted in. Pure data plus lookups, no I/O.
 *
 * What `GET /api/coins` shows (CRYPTOPAY-API.md §2.11) is taken from Cryptopay's own sandbox where
 * it was recorded (the Ruby SDK's coins cassette, Nov 2022): network ids (`bitcoin_cash`, `ripple`,
 * `stellar`), network names ("Ethereum (ERC20)", "Ripple"), precisions (ETH 8, XRP 6, XLM 7) and
 * destination tags — XRP `{required: true, name: "Destination tag"}` (a withdrawal without a tag
 * must send `dt=0`), XLM `{required: false, name: "Memo ID"}` (omit the memo when there is none).
 * TRX, SOL and USDC on Solana are not in that recording; their entries follow the same pattern [I].
 * Every feature flag is `enabled: true`: Cryptopay switches them off only for its own maintenance,
 * which the sandbox does not simulate [I].
 *
 * The rest of a network entry is internal (never on the wire): the smallest unit the chain counts
 * in (wei, satoshi, drops, stroops, sun, lamports, token decimals) for payment URIs, the token
 * contract a wallet needs to pay a token, and the smallest payment the sandbox network accepts.
 */

export interface DestinationTag {
  /** `true`: a withdrawal must carry one (`dt=0` when the user has none). */
  required: boolean;
  /** What wallets call it: "Destination tag", "Memo ID". */
  name: string;
}

export interface FeatureFlag {
  enabled: boolean;
}

/**
 * A token on a smart-contract chain. Contracts are the sandbox's testnets' (the sandbox runs on
 * testnets, §5.2): USDT on Ethereum is the contract Cryptopay's own sandbox names in its payment
 * URIs (Ruby SDK invoice callback fixture); USDC on Ethereum is Circle's Sepolia USDC; USDC on
 * Solana is Circle's devnet mint; USDT on Tron is the Nile testnet's Tether USD.
 */
export interface Token {
  standard: 'erc20' | 'trc20' | 'spl';
  contract: string;
}

export interface Network {
  /** Network code as Cryptopay names it (`bitcoin`, `ethereum`, `tron`, ...). */
  network: string;
  name: string;
  /** Decimal places amounts on this network carry (the wire's `precision`). */
  precision: number;
  destination_tag: DestinationTag | null;
  invoices: FeatureFlag;
  channels: FeatureFlag;
  coin_withdrawals: FeatureFlag;
  /** Internal: decimals of the chain's smallest unit (ETH 18 for wei), for payment URIs. */
  decimals: number;
  /** Internal: set for tokens (USDT, USDC); null for the chain's own coin. */
  token: Token | null;
  /** Internal: smallest payment the sandbox network accepts, in the coin. */
  minimum_amount: string;
}

export interface Coin {
  currency: string;
  name: string;
  /** Decimal places amounts in this coin carry (equal to every network's `precision`). */
  precision: number;
  /** Internal: the colour of the logo the sandbox draws (`logo_url`). */
  color: string;
  /** The first network is the default for requests that name none. */
  networks: readonly [Network, ...Network[]];
}

export interface Fiat {
  currency: string;
  name: string;
  precision: number;
}

const ON: FeatureFlag = { enabled: true };

/** A network every feature may use; `extra` holds what differs from a plain native coin. */
function network(
  id: string,
  name: string,
  precision: number,
  decimals: number,
  minimum_amount: string,
  extra: { destination_tag?: DestinationTag; token?: Token } = {},
): Network {
  return {
    network: id,
    name,
    precision,
    destination_tag: extra.destination_tag ?? null,
    invoices: ON,
    channels: ON,
    coin_withdrawals: ON,
    decimals,
    token: extra.token ?? null,
    minimum_amount,
  };
}

const ERC20 = 'Ethereum (ERC20)';

// Order: the coins Signet listed before, in place (lists and account order stay put), then BCH, XLM.
export const COINS: readonly Coin[] = [
  {
    currency: 'BTC',
    name: 'Bitcoin',
    precision: 8,
    color: '#F7931A',
    networks: [network('bitcoin', 'Bitcoin', 8, 8, '0.0001')],
  },
  {
    currency: 'ETH',
    name: 'Ethereum',
    precision: 8,
    color: '#627EEA',
    networks: [network('ethereum', ERC20, 8, 18, '0.001')],
  },
  {
    currency: 'LTC',
    name: 'Litecoin',
    precision: 8,
    color: '#345D9D',
    networks: [network('litecoin', 'Litecoin', 8, 8, '0.001')],
  },
  {
    currency: 'USDT',
    name: 'Tether',
    precision: 6,
    color: '#26A17B',
    networks: [
      network('ethereum', ERC20, 6, 6, '10', {
        token: { standard: 'erc20', contract: '0x23a2e5f75cdfe03763d929379f5dc3f14f7045cd' },
      }),
      network('tron', 'Tron (TRC20)', 6, 6, '1', {
        token: { standard: 'trc20', contract: 'TXYZopYRdj2D9XRtbG411XZZ3kM5VkAeBf' },
      }),
    ],
  },
  {
    currency: 'USDC',
    name: 'USD Coin',
    precision: 6,
    color: '#2775CA',
    networks: [
      network('ethereum', ERC20, 6, 6, '10', {
        token: { standard: 'erc20', contract: '0x1c7d4b196cb0c7b01d743fbc6116a902379c7238' },
      }),
      network('solana', 'Solana (SPL)', 6, 6, '1', {
        token: { standard: 'spl', contract: '4zMMC9srt5Ri5X14GAgXhaHii3GnPAEERYPJgZJDncDU' },
      }),
    ],
  },
  {
    currency: 'XRP',
    name: 'XRP',
    precision: 6,
    color: '#23292F',
    networks: [
      network('ripple', 'Ripple', 6, 6, '1', {
        destination_tag: { required: true, name: 'Destination tag' },
      }),
    ],
  },
  {
    currency: 'TRX',
    name: 'Tron',
    precision: 6,
    color: '#EF0027',
    networks: [network('tron', 'Tron', 6, 6, '1')],
  },
  {
    currency: 'SOL',
    name: 'Solana',
    precision: 9,
    color: '#9945FF',
    networks: [network('solana', 'Solana', 9, 9, '0.01')],
  },
  {
    currency: 'BCH',
    name: 'Bitcoin Cash',
    precision: 8,
    color: '#8DC351',
    networks: [network('bitcoin_cash', 'Bitcoin Cash', 8, 8, '0.001')],
  },
  {
    currency: 'XLM',
    name: 'Stellar Lumens',
    precision: 7,
    color: '#14B6E7',
    networks: [
      network('stellar', 'Stellar', 7, 7, '1', {
        destination_tag: { required: false, name: 'Memo ID' },
      }),
    ],
  },
];

export const FIATS: readonly Fiat[] = [
  { currency: 'EUR', name: 'Euro', precision: 2 },
  { currency: 'USD', name: 'US Dollar', precision: 2 },
  { currency: 'GBP', name: 'Pound Sterling', precision: 2 },
];

const coinsByCode = new Map(COINS.map((c) => [c.currency, c]));
const allByCode = new Map<string, Coin | Fiat>([...FIATS, ...COINS].map((c) => [c.currency, c]));

export const findCoin = (currency: string): Coin | undefined => coinsByCode.get(currency);

/** Any currency the sandbox knows, coin or fiat. */
export const findCurrency = (currency: string): Coin | Fiat | undefined => allByCode.get(currency);

/** `currency` on `network` (`USDT` on `tron`); undefined when the coin does not run there. */
export const findNetwork = (currency: string, networkId: string): Network | undefined =>
  findCoin(currency)?.networks.find((n) => n.network === networkId);

/** The network a request that names none uses: the coin's first. */
export const defaultNetwork = (currency: string): Network | undefined => findCoin(currency)?.networks[0];

/** Every currency a merchant holds an account in, fiat first. */
export const ACCOUNT_CURRENCIES: readonly string[] = [...FIATS, ...COINS].map((c) => c.currency);
