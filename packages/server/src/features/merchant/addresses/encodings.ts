import { createHash } from 'node:crypto';

/**
 * The address encodings of the sandbox's networks, encode side only (with their checksums), so
 * the addresses Signet hands out are ones a testnet wallet accepts when it scans the QR code:
 * Base58Check (Bitcoin legacy, Tron, XRP with its own alphabet), Bech32 (BIP-173 segwit),
 * CashAddr (Bitcoin Cash), StrKey (Stellar: RFC 4648 base32 with CRC16-XModem). Pure functions.
 */

export const BASE58_BITCOIN = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
export const BASE58_RIPPLE = 'rpshnaf39wBUDNEGHJKLM4PQRST7VWXYZ2bcdeCg65jkm8oFqi1tuvAxyz';
/** Bech32 and CashAddr share this 32-character alphabet. */
export const BECH32_CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const BASE32_RFC4648 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base58Encode(bytes: Uint8Array, alphabet = BASE58_BITCOIN): string {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  let out = '';
  while (n > 0n) {
    out = (alphabet[Number(n % 58n)] as string) + out;
    n /= 58n;
  }
  // Each leading zero byte is one leading "zero digit" (alphabet[0]).
  for (const b of bytes) {
    if (b !== 0) break;
    out = (alphabet[0] as string) + out;
  }
  return out;
}

/** The bytes `text` encodes, or null when a character is outside the alphabet. */
export function base58Decode(text: string, alphabet = BASE58_BITCOIN): Uint8Array | null {
  let n = 0n;
  for (const ch of text) {
    const digit = alphabet.indexOf(ch);
    if (digit < 0) return null;
    n = n * 58n + BigInt(digit);
  }
  const body: number[] = [];
  while (n > 0n) {
    body.unshift(Number(n & 0xffn));
    n >>= 8n;
  }
  let zeros = 0;
  while (zeros < text.length && text[zeros] === alphabet[0]) zeros++;
  return Uint8Array.from([...new Array<number>(zeros).fill(0), ...body]);
}

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest();

/** `payload` with the first four bytes of its double SHA-256 appended, in base58. */
export function base58Check(payload: Uint8Array, alphabet = BASE58_BITCOIN): string {
  const checksum = sha256(sha256(payload)).subarray(0, 4);
  return base58Encode(Uint8Array.from([...payload, ...checksum]), alphabet);
}

/** Regroups `data` from `from`-bit to `to`-bit words, zero-padding the last one. */
function convertBits(data: Uint8Array, from: number, to: number): number[] {
  let acc = 0;
  let bits = 0;
  const out: number[] = [];
  const max = (1 << to) - 1;
  for (const value of data) {
    acc = (acc << from) | value;
    bits += from;
    while (bits >= to) {
      bits -= to;
      out.push((acc >> bits) & max);
    }
    acc &= (1 << bits) - 1;
  }
  if (bits > 0) out.push((acc << (to - bits)) & max);
  return out;
}

const BECH32_GENERATOR = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];

function bech32Polymod(values: number[]): number {
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk ^= BECH32_GENERATOR[i] as number;
  }
  return chk >>> 0;
}

const hrpExpand = (hrp: string) => [
  ...[...hrp].map((c) => c.charCodeAt(0) >> 5),
  0,
  ...[...hrp].map((c) => c.charCodeAt(0) & 31),
];

/**
 * A segwit address (BIP-173 / BIP-350): witness version 0 uses Bech32, later versions Bech32m.
 * `tb` + v0 + 20 bytes is a testnet P2WPKH address, `tb1q…`, 42 characters.
 */
export function segwitAddress(hrp: string, version: number, program: Uint8Array): string {
  const data = [version, ...convertBits(program, 8, 5)];
  const constant = version === 0 ? 1 : 0x2bc830a3;
  const mod = bech32Polymod([...hrpExpand(hrp), ...data, 0, 0, 0, 0, 0, 0]) ^ constant;
  const checksum = [0, 1, 2, 3, 4, 5].map((i) => (mod >>> (5 * (5 - i))) & 31);
  return `${hrp}1${[...data, ...checksum].map((d) => BECH32_CHARSET[d]).join('')}`;
}

function cashAddrPolymod(values: number[]): bigint {
  const generators = [0x98f2bc8e61n, 0x79b76d99e2n, 0xf33e5fb3c4n, 0xae2eabe2a8n, 0x1e4f43e470n];
  let c = 1n;
  for (const d of values) {
    const c0 = c >> 35n;
    c = ((c & 0x07ffffffffn) << 5n) ^ BigInt(d);
    for (let i = 0; i < 5; i++) if ((c0 >> BigInt(i)) & 1n) c ^= generators[i] as bigint;
  }
  return c ^ 1n;
}

/**
 * A CashAddr address (Bitcoin Cash): `prefix:` + base32 of version byte and hash + 40-bit
 * checksum. Type 0 is P2PKH (`q…`), 1 is P2SH (`p…`); a 20-byte hash has size bits 0.
 */
export function cashAddress(prefix: string, type: 0 | 1, hash: Uint8Array): string {
  const payload = convertBits(Uint8Array.from([type << 3, ...hash]), 8, 5);
  const mod = cashAddrPolymod([
    ...[...prefix].map((c) => c.charCodeAt(0) & 31),
    0,
    ...payload,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
  ]);
  const checksum = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => Number((mod >> BigInt(5 * (7 - i))) & 31n));
  return `${prefix}:${[...payload, ...checksum].map((d) => BECH32_CHARSET[d]).join('')}`;
}

/** CRC16-XModem (poly 0x1021, initial 0), as Stellar's StrKey checksums. */
function crc16XModem(data: Uint8Array): number {
  let crc = 0;
  for (const byte of data) {
    crc ^= byte << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

function base32(bytes: Uint8Array): string {
  return convertBits(bytes, 8, 5)
    .map((d) => BASE32_RFC4648[d])
    .join('');
}

/** A Stellar account id (`G…`, 56 characters): StrKey of an ed25519 public key. */
export function stellarAccountId(publicKey: Uint8Array): string {
  const body = Uint8Array.from([6 << 3, ...publicKey]);
  const crc = crc16XModem(body);
  return base32(Uint8Array.from([...body, crc & 0xff, crc >> 8]));
}
