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

export const sandboxAddress = (network: string): string => formatOf(network).address();

export const sandboxTxid = (): string => randomBytes(32).toString('hex');

export function paymentUri(network: string, address: string, amount: string): string {
  return `${formatOf(network).scheme}:${address}?amount=${amount}`;
}
