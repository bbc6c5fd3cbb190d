import { describe, expect, it } from 'vitest';
import {
  isValidAddress,
  paymentUri,
  sandboxAddress,
  sandboxTxid,
  splitTaggedAddress,
} from '../../../../src/features/merchant/addresses/addresses.js';
import { base58Decode, BECH32_CHARSET } from '../../../../src/features/merchant/addresses/encodings.js';
import { scientific } from '../../../../src/features/merchant/addresses/payment-uri.js';
import { COINS } from '../../../../src/features/merchant/currencies.js';

/**
 * One case per currency and network of the catalogue: the deposit address's testnet format, the
 * invoice URI (with an amount) and the channel URI (without), and that the sandbox's own address
 * passes its own check while the other networks' formats do not.
 */
interface Case {
  currency: string;
  network: string;
  address: RegExp;
  /** The URI for `amount` (a string at the network's precision) and for no amount. */
  invoiceUri: (address: string) => string;
  channelUri: (address: string) => string;
  amount: string;
  /** Addresses a merchant may send (withdrawals, refunds) that must pass, and some that must not. */
  valid: string[];
  invalid: string[];
}

const bech = `[${BECH32_CHARSET}]`;
const tagOf = (a: string) => a.split('=')[1];
const baseOf = (a: string) => a.split('?')[0];
const USDT_ERC20 = '0x23a2e5f75cdfe03763d929379f5dc3f14f7045cd';
const USDC_ERC20 = '0x1c7d4b196cb0c7b01d743fbc6116a902379c7238';
const USDC_SPL = '4zMMC9srt5Ri5X14GAgXhaHii3GnPAEERYPJgZJDncDU';

const ETH_ADDRESS = '0x516cf64763b17893f9defa60e35d6bee26535ef9';
const TRON_ADDRESS = 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t';
const SOLANA_ADDRESS = 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v';

const CASES: Case[] = [
  {
    currency: 'BTC',
    network: 'bitcoin',
    address: new RegExp(`^tb1q${bech}{38}$`),
    amount: '0.00167505',
    invoiceUri: (a) => `bitcoin:${a}?amount=0.00167505`,
    channelUri: (a) => `bitcoin:${a}`,
    valid: [
      'tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx',
      'TB1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KXPJZSX',
      'tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7', // P2WSH
      'tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq47zagq', // taproot
      '2MxXquVjWrWWHGpxYkNSXn5gmQd6YKUSybz', // P2SH, as in Cryptopay's sandbox examples
      'mipcBbFg9gMiCh81Kj8tqqdgoZub1ZJRfn', // P2PKH
    ],
    invalid: [
      'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4', // mainnet
      '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2', // mainnet
      'tb1qW508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx', // mixed case
      'tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzs', // too short
      'tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsb', // 'b' is not in the bech32 alphabet
      ETH_ADDRESS,
    ],
  },
  {
    currency: 'LTC',
    network: 'litecoin',
    address: new RegExp(`^tltc1q${bech}{38}$`),
    amount: '0.25000000',
    invoiceUri: (a) => `litecoin:${a}?amount=0.25`,
    channelUri: (a) => `litecoin:${a}`,
    valid: [
      'tltc1qw508d6qejxtdg4y5r3zarvary0c5xw7klfsuq0',
      'QV8R26mTicPFCHWZN27r18VgTcch4eKQvE', // Cryptopay's docs
      '2MxXquVjWrWWHGpxYkNSXn5gmQd6YKUSybz',
      'mipcBbFg9gMiCh81Kj8tqqdgoZub1ZJRfn',
    ],
    invalid: [
      'ltc1qw508d6qejxtdg4y5r3zarvary0c5xw7kgmn4n9',
      'LVg2kJoFNg45Nbpy53h7Fe1wKyeXVRhMH9',
      TRON_ADDRESS,
    ],
  },
  {
    currency: 'BCH',
    network: 'bitcoin_cash',
    address: new RegExp(`^bchtest:q${bech}{41}$`),
    amount: '1.10000000',
    invoiceUri: (a) => `${a}?amount=1.1`,
    channelUri: (a) => a,
    valid: [
      'bchtest:qr6m7j9njldwwzlg9v7v53unlr4jkmx6eymt9qmp0k',
      'qr6m7j9njldwwzlg9v7v53unlr4jkmx6eymt9qmp0k', // the prefix may be left out
      'BCHTEST:QR6M7J9NJLDWWZLG9V7V53UNLR4JKMX6EYMT9QMP0K',
      'bchtest:pr6m7j9njldwwzlg9v7v53unlr4jkmx6eyvwc0uz5t',
      '2NC9kejEzarTeMdjGGn7Ykr8NUnjsxg3eup', // Cryptopay's docs
    ],
    invalid: [
      'bitcoincash:qr6m7j9njldwwzlg9v7v53unlr4jkmx6eylep8ekg2', // mainnet
      'bchtest:qr6m7j9njldwwzlg9v7v53unlr4jkmx6ey', // too short
      'bchtest:zr6m7j9njldwwzlg9v7v53unlr4jkmx6eyvwc0uz5t', // neither P2PKH nor P2SH
      ETH_ADDRESS,
    ],
  },
  {
    currency: 'ETH',
    network: 'ethereum',
    address: /^0x[0-9a-f]{40}$/,
    amount: '0.01234567',
    invoiceUri: (a) => `ethereum:${a}?value=12345670000000000`,
    channelUri: (a) => `ethereum:${a}`,
    valid: [ETH_ADDRESS, '0x52908400098527886E0F7030069857D2E4169EE7'],
    invalid: [
      '516cf64763b17893f9defa60e35d6bee26535ef9',
      '0x516cf64763b17893f9defa60e35d6bee26535ef',
      `${ETH_ADDRESS}0`,
      '0xZZ6cf64763b17893f9defa60e35d6bee26535ef9',
    ],
  },
  {
    currency: 'USDT',
    network: 'ethereum',
    address: /^0x[0-9a-f]{40}$/,
    amount: '0.000050',
    // Cryptopay's own sandbox callback: 0.00005 USDT is `uint256=0.5e2`.
    invoiceUri: (a) => `ethereum:${USDT_ERC20}/transfer?address=${a}&uint256=0.5e2`,
    channelUri: (a) => `ethereum:${USDT_ERC20}/transfer?address=${a}`,
    valid: [ETH_ADDRESS],
    invalid: [TRON_ADDRESS],
  },
  {
    currency: 'USDT',
    network: 'tron',
    address: /^T[1-9A-HJ-NP-Za-km-z]{33}$/,
    amount: '25.000000',
    invoiceUri: (a) => a,
    channelUri: (a) => a,
    valid: [TRON_ADDRESS],
    invalid: [ETH_ADDRESS, 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6', 'AR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t'],
  },
  {
    currency: 'USDC',
    network: 'ethereum',
    address: /^0x[0-9a-f]{40}$/,
    amount: '100.500000',
    invoiceUri: (a) => `ethereum:${USDC_ERC20}/transfer?address=${a}&uint256=0.1005e9`,
    channelUri: (a) => `ethereum:${USDC_ERC20}/transfer?address=${a}`,
    valid: [ETH_ADDRESS],
    invalid: [SOLANA_ADDRESS],
  },
  {
    currency: 'USDC',
    network: 'solana',
    address: /^[1-9A-HJ-NP-Za-km-z]{32,44}$/,
    amount: '12.340000',
    invoiceUri: (a) => `solana:${a}?amount=12.34&spl-token=${USDC_SPL}`,
    channelUri: (a) => `solana:${a}?spl-token=${USDC_SPL}`,
    valid: [SOLANA_ADDRESS],
    invalid: [
      ETH_ADDRESS,
      '111111111111111111111111111111111111111111111',
      'z'.repeat(44), // decodes to 33 bytes
    ],
  },
  {
    currency: 'XRP',
    network: 'ripple',
    address: /^r[1-9A-HJ-NP-Za-km-z]{24,34}\?dt=[1-9]\d*$/,
    amount: '10.500000',
    invoiceUri: (a) => `ripple:${baseOf(a)}?amount=10.5&dt=${tagOf(a)}`,
    channelUri: (a) => `ripple:${baseOf(a)}?dt=${tagOf(a)}`,
    valid: [
      'rhqxpAYXVSFvKBjWcCxoF5o3pCEYZqqMVC?dt=89647', // Cryptopay's docs
      'rhqxpAYXVSFvKBjWcCxoF5o3pCEYZqqMVC?dt=0',
      'rhqxpAYXVSFvKBjWcCxoF5o3pCEYZqqMVC?dt=4294967295',
      'rhqxpAYXVSFvKBjWcCxoF5o3pCEYZqqMVC',
    ],
    invalid: [
      'rhqxpAYXVSFvKBjWcCxoF5o3pCEYZqqMVC?dt=4294967296', // over 32 bits
      'rhqxpAYXVSFvKBjWcCxoF5o3pCEYZqqMVC?dt=-1',
      'rhqxpAYXVSFvKBjWcCxoF5o3pCEYZqqMVC?dt=007',
      'rhqxpAYXVSFvKBjWcCxoF5o3pCEYZqqMVC?memoId=1',
      'rhqxpAYXVSFvKBjWcCxoF5o3pCEYZqqMVC?dt=1&x=2',
      'r0qxpAYXVSFvKBjWcCxoF5o3pCEYZqqMVC', // 0 is not in XRP's alphabet
    ],
  },
  {
    currency: 'XLM',
    network: 'stellar',
    address: /^G[A-Z2-7]{55}\?memoId=[1-9]\d*$/,
    amount: '30.0000000',
    invoiceUri: (a) =>
      `web+stellar:pay?destination=${baseOf(a)}&amount=30&memo=${tagOf(a)}&memo_type=MEMO_ID`,
    channelUri: (a) => `web+stellar:pay?destination=${baseOf(a)}&memo=${tagOf(a)}&memo_type=MEMO_ID`,
    valid: [
      'GAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAWHF',
      'GAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAWHF?memoId=18446744073709551615',
    ],
    invalid: [
      'GAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAWHF?memoId=18446744073709551616',
      'GAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAWHF?dt=1',
      'SAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAWHF', // a secret seed, not an account
      'GAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAWH',
    ],
  },
  {
    currency: 'TRX',
    network: 'tron',
    address: /^T[1-9A-HJ-NP-Za-km-z]{33}$/,
    amount: '100.000000',
    invoiceUri: (a) => a,
    channelUri: (a) => a,
    valid: [TRON_ADDRESS],
    invalid: [ETH_ADDRESS],
  },
  {
    currency: 'SOL',
    network: 'solana',
    address: /^[1-9A-HJ-NP-Za-km-z]{32,44}$/,
    amount: '1.500000000',
    invoiceUri: (a) => `solana:${a}?amount=1.5`,
    channelUri: (a) => `solana:${a}`,
    valid: [SOLANA_ADDRESS, '11111111111111111111111111111111'],
    invalid: [ETH_ADDRESS, TRON_ADDRESS.replace('T', '0')],
  },
];

describe('every network of the catalogue has a case here', () => {
  it('no more, no fewer', () => {
    const catalogue = COINS.flatMap((c) => c.networks.map((n) => `${c.currency}/${n.network}`)).sort();
    expect(CASES.map((c) => `${c.currency}/${c.network}`).sort()).toEqual(catalogue);
  });
});

describe.each(CASES)('$currency on $network', (c) => {
  it('hands out fresh testnet addresses that pass its own check', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const a = sandboxAddress(c.currency, c.network);
      expect(a).toMatch(c.address);
      expect(isValidAddress(c.currency, c.network, a), a).toBe(true);
      seen.add(a);
    }
    expect(seen.size).toBe(20);
  });

  it('writes the invoice URI (with the amount) and the channel URI (without)', () => {
    const a = sandboxAddress(c.currency, c.network);
    expect(paymentUri({ currency: c.currency, network: c.network, address: a, amount: c.amount })).toBe(
      c.invoiceUri(a),
    );
    expect(paymentUri({ currency: c.currency, network: c.network, address: a })).toBe(c.channelUri(a));
  });

  it('accepts the addresses a merchant may send and refuses the others', () => {
    for (const a of c.valid) expect(isValidAddress(c.currency, c.network, a), a).toBe(true);
    for (const a of c.invalid) expect(isValidAddress(c.currency, c.network, a), a).toBe(false);
    expect(isValidAddress(c.currency, c.network, '')).toBe(false);
    expect(isValidAddress(c.currency, c.network, `${c.valid[0]} `)).toBe(false);
  });
});

describe('address checks across networks', () => {
  it('a network must carry the currency', () => {
    expect(isValidAddress('BTC', 'ethereum', ETH_ADDRESS)).toBe(false);
    expect(isValidAddress('ETH', 'tron', TRON_ADDRESS)).toBe(false);
    expect(isValidAddress('DOGE', 'dogecoin', 'nXXX')).toBe(false);
    expect(isValidAddress('EUR', 'bitcoin', 'tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx')).toBe(false);
    expect(() => sandboxAddress('BTC', 'ethereum')).toThrow();
    expect(() => paymentUri({ currency: 'ETH', network: 'nowhere', address: ETH_ADDRESS })).toThrow();
  });

  it('splits tags on the networks that have them only', () => {
    expect(splitTaggedAddress('ripple', 'rabc?dt=12')).toEqual({ address: 'rabc', tag: '12' });
    expect(splitTaggedAddress('stellar', 'Gabc?memoId=7')).toEqual({ address: 'Gabc', tag: '7' });
    expect(splitTaggedAddress('ripple', 'rabc')).toEqual({ address: 'rabc', tag: null });
    expect(splitTaggedAddress('bitcoin', 'tb1q?dt=1')).toBeNull();
    expect(splitTaggedAddress('ripple', 'rabc?dt=')).toBeNull();
    expect(splitTaggedAddress('ripple', 'rabc?dt=1?dt=2')).toBeNull();
  });

  it('an untagged XRP address gets a URI without dt', () => {
    expect(
      paymentUri({
        currency: 'XRP',
        network: 'ripple',
        address: 'rhqxpAYXVSFvKBjWcCxoF5o3pCEYZqqMVC',
        amount: '1.000000',
      }),
    ).toBe('ripple:rhqxpAYXVSFvKBjWcCxoF5o3pCEYZqqMVC?amount=1');
  });

  it('writes ERC-20 units as Cryptopay does, and wei as an integer', () => {
    expect(scientific(50n)).toBe('0.5e2');
    expect(scientific(1n)).toBe('0.1e1');
    expect(scientific(100500000n)).toBe('0.1005e9');
    expect(scientific(0n)).toBe('0');
    const uri = paymentUri({
      currency: 'ETH',
      network: 'ethereum',
      address: ETH_ADDRESS,
      amount: '12345678.12345678',
    });
    expect(uri).toBe(`ethereum:${ETH_ADDRESS}?value=12345678123456780000000000`);
  });

  it('transaction ids in each network’s form', () => {
    expect(sandboxTxid()).toMatch(/^[0-9a-f]{64}$/);
    expect(sandboxTxid('bitcoin')).toMatch(/^[0-9a-f]{64}$/);
    expect(sandboxTxid('ethereum')).toMatch(/^0x[0-9a-f]{64}$/);
    const signature = sandboxTxid('solana');
    expect(base58Decode(signature)?.length).toBe(64);
    expect(sandboxTxid()).not.toBe(sandboxTxid());
  });
});
