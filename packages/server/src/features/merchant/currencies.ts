/**
 * The sandbox's fixed currency catalogue: the coins invoices can be paid in (with their networks)
 * and the fiat currencies prices can be quoted in. Pure data plus lookups, no I/O.
 */

export interface Network {
  /** Network code as Cryptopay names it (`bitcoin`, `ethereum`, `tron`, ...). */
  network: string;
  name: string;
  /** Smallest payment the sandbox network accepts, in the coin. */
  minimum_amount: string;
}

export interface Coin {
  currency: string;
  name: string;
  /** Decimal places amounts in this coin carry. */
  precision: number;
  /** The first network is the default for invoices that name none. */
  networks: readonly [Network, ...Network[]];
}

export interface Fiat {
  currency: string;
  name: string;
  precision: number;
}

export const COINS: readonly Coin[] = [
  {
    currency: 'BTC',
    name: 'Bitcoin',
    precision: 8,
    networks: [{ network: 'bitcoin', name: 'Bitcoin', minimum_amount: '0.0001' }],
  },
  {
    currency: 'ETH',
    name: 'Ethereum',
    precision: 8,
    networks: [{ network: 'ethereum', name: 'Ethereum (ERC-20)', minimum_amount: '0.001' }],
  },
  {
    currency: 'LTC',
    name: 'Litecoin',
    precision: 8,
    networks: [{ network: 'litecoin', name: 'Litecoin', minimum_amount: '0.001' }],
  },
  {
    currency: 'USDT',
    name: 'Tether',
    precision: 6,
    networks: [
      { network: 'ethereum', name: 'Ethereum (ERC-20)', minimum_amount: '10' },
      { network: 'tron', name: 'Tron (TRC-20)', minimum_amount: '1' },
    ],
  },
  {
    currency: 'USDC',
    name: 'USD Coin',
    precision: 6,
    networks: [
      { network: 'ethereum', name: 'Ethereum (ERC-20)', minimum_amount: '10' },
      { network: 'solana', name: 'Solana (SPL)', minimum_amount: '1' },
    ],
  },
  {
    currency: 'XRP',
    name: 'XRP',
    precision: 6,
    networks: [{ network: 'ripple', name: 'XRP Ledger', minimum_amount: '1' }],
  },
  {
    currency: 'TRX',
    name: 'Tron',
    precision: 6,
    networks: [{ network: 'tron', name: 'Tron', minimum_amount: '1' }],
  },
  {
    currency: 'SOL',
    name: 'Solana',
    precision: 9,
    networks: [{ network: 'solana', name: 'Solana', minimum_amount: '0.01' }],
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

/** Every currency a merchant holds an account in, fiat first. */
export const ACCOUNT_CURRENCIES: readonly string[] = [...FIATS, ...COINS].map((c) => c.currency);
