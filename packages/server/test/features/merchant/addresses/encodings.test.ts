import { describe, expect, it } from 'vitest';
import {
  BASE58_RIPPLE,
  base58Check,
  base58Decode,
  base58Encode,
  cashAddress,
  segwitAddress,
  stellarAccountId,
} from '../../../../src/features/merchant/addresses/encodings.js';

const hex = (h: string) => Uint8Array.from(Buffer.from(h, 'hex'));
const zeros = (n: number) => new Uint8Array(n);

/** Published vectors of each encoding, so the checksums the sandbox writes are the real ones. */
describe('address encodings', () => {
  it('Bech32 segwit (BIP-173 vectors)', () => {
    const program = hex('751e76e8199196d454941c45d1b3a323f1433bd6');
    expect(segwitAddress('bc', 0, program)).toBe('bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4');
    expect(segwitAddress('tb', 0, program)).toBe('tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx');
  });

  it('Bech32m for witness version 1 (BIP-350 vector)', () => {
    const key = hex('79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798');
    expect(segwitAddress('bc', 1, key)).toBe(
      'bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0',
    );
  });

  it('CashAddr (spec vector)', () => {
    expect(cashAddress('bitcoincash', 0, hex('f5bf48b397dae70be82b3cca4793f8eb2b6cdac9'))).toBe(
      'bitcoincash:qr6m7j9njldwwzlg9v7v53unlr4jkmx6eylep8ekg2',
    );
  });

  it('Base58Check: Bitcoin and Tron, and XRP’s alphabet', () => {
    expect(base58Check(zeros(21))).toBe('1111111111111111111114oLvT2');
    expect(base58Check(hex('41a614f803b6fd780986a42c78ec9c7f77e6ded13c'))).toBe(
      'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t', // Tether's TRC-20 contract
    );
    expect(base58Check(zeros(21), BASE58_RIPPLE)).toBe('rrrrrrrrrrrrrrrrrrrrrhoLvTp'); // ACCOUNT_ZERO
  });

  it('Stellar StrKey', () => {
    expect(stellarAccountId(zeros(32))).toBe('GAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAWHF');
  });

  it('base58 round-trips, leading zeros included, and refuses foreign characters', () => {
    expect(base58Encode(zeros(32))).toBe('11111111111111111111111111111111'); // Solana's system program
    const bytes = Uint8Array.from([0, 0, 1, 2, 255, 254]);
    expect(base58Decode(base58Encode(bytes))).toEqual(bytes);
    expect(base58Decode('0OIl')).toBeNull();
  });
});
