import { randomBytes } from 'node:crypto';
import { findNetwork, type Network } from '../currencies.js';
import { formatOf, randomTag, type AddressFormat } from './address-formats.js';
import { base58Encode } from './encodings.js';
import { buildPaymentUri } from './payment-uri.js';

/**
 * Deposit addresses, payment URIs and address checks for the sandbox's networks (formats in
 * address-formats.ts, URIs in payment-uri.ts). The addresses are well-formed testnet addresses
 * with valid checksums but random keys: nothing sent to them can ever be spent.
 */

function networkOf(currency: string, network: string): { net: Network; format: AddressFormat } {
  const net = findNetwork(currency, network);
  const format = formatOf(network);
  if (!net || !format) throw new Error(`no sandbox address format for ${currency} on ${network}`);
  return { net, format };
}

/**
 * A fresh deposit address on `network` for `currency` (an ERC-20 token's deposit address is an
 * Ethereum address). XRP's carries a destination tag as `?dt=<tag>` and XLM's a memo id as
 * `?memoId=<id>`, inside the address string, as Cryptopay writes them (§1.5).
 */
export function sandboxAddress(currency: string, network: string): string {
  const { format } = networkOf(currency, network);
  const address = format.generate();
  return format.tagParam ? `${address}?${format.tagParam}=${randomTag()}` : address;
}

/**
 * A transaction id in the network's form: `0x` + 64 hex on Ethereum, a base58 signature on
 * Solana, 64 hex digits elsewhere (also without a network, as before).
 */
export function sandboxTxid(network?: string): string {
  if (network === 'ethereum') return `0x${randomBytes(32).toString('hex')}`;
  if (network === 'solana') return base58Encode(randomBytes(64));
  return randomBytes(32).toString('hex');
}

export interface TaggedAddress {
  address: string;
  /** The `?dt=` (XRP) or `?memoId=` (XLM) value, null when the address has none. */
  tag: string | null;
}

/**
 * Splits `address?dt=<tag>` / `address?memoId=<id>` on the networks that use tags; null when the
 * suffix is malformed (another parameter, not a number, out of range, a tag where the network has
 * none).
 */
export function splitTaggedAddress(network: string, address: string): TaggedAddress | null {
  const at = address.indexOf('?');
  if (at < 0) return { address, tag: null };
  const param = formatOf(network)?.tagParam;
  const match = /^([A-Za-z]+)=(0|[1-9]\d{0,19})$/.exec(address.slice(at + 1));
  if (!param || !match || match[1] !== param) return null;
  const max = formatOf(network)?.maxTag ?? 0n;
  if (BigInt(match[2] as string) > max) return null;
  return { address: address.slice(0, at), tag: match[2] as string };
}

/**
 * The URI a wallet opens for a payment to `address` (CRYPTOPAY-API.md §5.1): with `amount` for an
 * invoice, without for a channel (any amount). `address` is as stored, tag included.
 */
export function paymentUri(p: {
  currency: string;
  network: string;
  address: string;
  amount?: string;
}): string {
  const { net } = networkOf(p.currency, p.network);
  const split = splitTaggedAddress(p.network, p.address);
  if (!split) throw new Error(`malformed sandbox address ${p.address}`);
  return buildPaymentUri({ ...split, amount: p.amount }, net);
}

/**
 * Whether `address` is a well-formed address for `currency` on `network` (withdrawals, refunds,
 * customers): the network must carry the currency, the address must have the network's testnet
 * format (address-formats.ts — a format check, checksums are not verified), and a `?dt=` /
 * `?memoId=` tag is allowed only where the network has tags. Whether a tag is *required* is the
 * network's `destination_tag.required`, for the caller to enforce.
 */
export function isValidAddress(currency: string, network: string, address: string): boolean {
  const format = formatOf(network);
  if (!format || !findNetwork(currency, network) || address.length > 200) return false;
  const split = splitTaggedAddress(network, address);
  return split !== null && format.isValid(split.address);
}
