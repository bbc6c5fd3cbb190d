import { randomBytes, randomInt } from 'node:crypto';
import {
  BASE58_BITCOIN,
  BASE58_RIPPLE,
  BECH32_CHARSET,
  base58Check,
  base58Decode,
  base58Encode,
  cashAddress,
  segwitAddress,
  stellarAccountId,
} from './encodings.js';

/**
 * One network's address format: how the sandbox makes a fresh deposit address (in the testnet
 * format, with a valid checksum) and how it checks one a merchant sends (withdrawals, refunds,
 * customers). The check is a format check — prefix, alphabet, length — and does not verify
 * checksums, so an address typed into a test by hand passes as long as it is shaped right
 * (Cryptopay's sandbox may be stricter). Bitcoin, Litecoin and Bitcoin Cash have distinct
 * testnet formats, and only those are accepted, as on a testnet; the other chains use one format.
 */
export interface AddressFormat {
  generate(): string;
  /** `address` without its tag (`?dt=` / `?memoId=`, see `tagParam`). */
  isValid(address: string): boolean;
  /** XRP carries its destination tag as `?dt=`, XLM its memo id as `?memoId=` (§1.5). */
  tagParam?: 'dt' | 'memoId';
  /** Largest tag value the chain allows. */
  maxTag?: bigint;
}

const b58 = `[${BASE58_BITCOIN}]`;
const r58 = `[${BASE58_RIPPLE}]`;
const bech = `[${BECH32_CHARSET}]`;

/** Bech32 is case-insensitive but must not mix cases (BIP-173). */
const oneCase = (address: string) => address === address.toLowerCase() || address === address.toUpperCase();

/**
 * A segwit address on `hrp`: witness v0 with a 20-byte (P2WPKH, 39 data characters) or 32-byte
 * (P2WSH, 59) program, or v1 taproot (`p`, 59).
 */
function isSegwit(hrp: string, address: string): boolean {
  if (!oneCase(address)) return false;
  return new RegExp(`^${hrp}1(q${bech}{38}|[qp]${bech}{58})$`).test(address.toLowerCase());
}

/** Testnet legacy (Base58Check): P2PKH starts with m or n; P2SH with 2 (and Q on Litecoin). */
const TESTNET_P2PKH = new RegExp(`^[mn]${b58}{25,33}$`);
const TESTNET_P2SH = new RegExp(`^2${b58}{34}$`);
const LITECOIN_P2SH = new RegExp(`^Q${b58}{33}$`);

const random20 = () => randomBytes(20);

const FORMATS: Record<string, AddressFormat> = {
  // Testnet P2WPKH, `tb1q…` (42 characters); legacy testnet forms are accepted as input too.
  bitcoin: {
    generate: () => segwitAddress('tb', 0, random20()),
    isValid: (a) => isSegwit('tb', a) || TESTNET_P2PKH.test(a) || TESTNET_P2SH.test(a),
  },
  litecoin: {
    generate: () => segwitAddress('tltc', 0, random20()),
    isValid: (a) =>
      isSegwit('tltc', a) || TESTNET_P2PKH.test(a) || LITECOIN_P2SH.test(a) || TESTNET_P2SH.test(a),
  },
  // CashAddr with its testnet prefix, `bchtest:q…`; the prefix may be left out, and testnet legacy
  // addresses are still accepted (Cryptopay's own examples use them).
  bitcoin_cash: {
    generate: () => cashAddress('bchtest', 0, random20()),
    isValid: (a) =>
      (oneCase(a) && new RegExp(`^(bchtest:)?[qp]${bech}{41}$`).test(a.toLowerCase())) ||
      TESTNET_P2PKH.test(a) ||
      TESTNET_P2SH.test(a),
  },
  // 0x + 40 hex digits; EIP-55 mixed-case checksums are not verified (that needs Keccak-256).
  ethereum: {
    generate: () => `0x${random20().toString('hex')}`,
    isValid: (a) => /^0x[0-9a-fA-F]{40}$/.test(a),
  },
  // Base58Check of 0x41 + 20 bytes: `T…`, 34 characters.
  tron: {
    generate: () => base58Check(Uint8Array.from([0x41, ...random20()])),
    isValid: (a) => new RegExp(`^T${b58}{33}$`).test(a),
  },
  // A classic address (XRP's base58 alphabet, `r…`, 25–35 characters).
  ripple: {
    generate: () => base58Check(Uint8Array.from([0x00, ...random20()]), BASE58_RIPPLE),
    isValid: (a) => new RegExp(`^r${r58}{24,34}$`).test(a),
    tagParam: 'dt',
    maxTag: 0xffffffffn,
  },
  // StrKey account id, `G…`, 56 characters.
  stellar: {
    generate: () => stellarAccountId(randomBytes(32)),
    isValid: (a) => /^G[A-Z2-7]{55}$/.test(a),
    tagParam: 'memoId',
    maxTag: 0xffffffffffffffffn,
  },
  // A base58 ed25519 public key: 32–44 characters that decode to exactly 32 bytes.
  solana: {
    generate: () => base58Encode(randomBytes(32)),
    isValid: (a) => /^[1-9A-HJ-NP-Za-km-z]{32,44}$/.test(a) && base58Decode(a)?.length === 32,
  },
};

export const formatOf = (network: string): AddressFormat | undefined => FORMATS[network];

/** A random tag for a deposit address (never 0, which means "no tag" to some wallets). */
export const randomTag = (): string => String(randomInt(1, 2 ** 32));
