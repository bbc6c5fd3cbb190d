import { randomBytes } from 'node:crypto';

/**
 * Plausible (not spendable) deposit addresses in each network's testnet format, and the payment
 * URI wallets open. Sandbox only: nothing is ever sent to them.
 */
const BECH32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const RIPPLE58 = 'rpshnaf39wBUDNEGHJKLM4PQRST7VWXYZ2bcdeCg65jkm8oFqi1tuvAxyz';

function pick(alphabet: string, length: number): string {
  // Modulo bias is irrelevant for a made-up address; uniqueness comes from 8+ random bytes anyway.
  return [...randomBytes(length)].map((b) => alphabet[b % alphabet.length]).join('');
}

const FORMATS: Record<string, { scheme: string; address: () => string }> = {
  bitcoin: { scheme: 'bitcoin', address: () => `tb1q${pick(BECH32, 38)}` },
  litecoin: { scheme: 'litecoin', address: () => `tltc1q${pick(BECH32, 38)}` },
  ethereum: { scheme: 'ethereum', address: () => `0x${randomBytes(20).toString('hex')}` },
  tron: { scheme: 'tron', address: () => `T${pick(BASE58, 33)}` },
  solana: { scheme: 'solana', address: () => pick(BASE58, 44) },
  ripple: { scheme: 'ripple', address: () => `r${pick(RIPPLE58, 33)}` },
};

function formatOf(network: string) {
  const format = FORMATS[network];
  if (!format) throw new Error(`no sandbox address format for network ${network}`);
  return format;
}

/**
 * A fresh deposit address on `network` for `currency` (an ERC-20 token's deposit address is an
 * Ethereum address; XRP's carries its destination tag as `?dt=`).
 */
export const sandboxAddress = (_currency: string, network: string): string => formatOf(network).address();

export const sandboxTxid = (): string => randomBytes(32).toString('hex');

/**
 * The URI a wallet opens for a payment to `address` (CRYPTOPAY-API.md §5.1): with `amount` for an
 * invoice, without for a channel (any amount).
 */
export function paymentUri(p: {
  currency: string;
  network: string;
  address: string;
  amount?: string;
}): string {
  const base = `${formatOf(p.network).scheme}:${p.address}`;
  return p.amount === undefined ? base : `${base}?amount=${p.amount}`;
}

/** Whether `address` is well-formed for `currency` on `network` (withdrawals, refunds, customers). */
export function isValidAddress(_currency: string, network: string, address: string): boolean {
  return FORMATS[network] !== undefined && address.length >= 20 && address.length <= 120;
}
