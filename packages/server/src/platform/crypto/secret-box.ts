import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM envelope for secrets at rest. Each ciphertext records the id of the key that sealed it
 * (stored in its own column beside it) so keys can rotate while old rows stay readable.
 * The associated data binds a ciphertext to its row and column: a value copied into another row
 * fails to open instead of revealing a different account's secret.
 */
export interface Sealed {
  keyId: string;
  /** base64url(iv || tag || ciphertext) */
  ciphertext: string;
}

export class SecretBoxError extends Error {}

const IV_BYTES = 12;
const TAG_BYTES = 16;

export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

export class Keyring {
  readonly current: { id: string; key: Buffer };
  private readonly byId: Map<string, Buffer>;

  constructor(currentKey: Buffer, previousKeys: Buffer[] = []) {
    if (currentKey.length !== 32) throw new SecretBoxError('master key must be 32 bytes');
    this.current = { id: keyIdOf(currentKey), key: currentKey };
    this.byId = new Map([currentKey, ...previousKeys].map((k) => [keyIdOf(k), k]));
  }

  seal(plaintext: string, context: string): Sealed {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return {
      keyId: this.current.id,
      ciphertext: Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url'),
    };
  }

  open(sealed: Sealed, context: string): string {
    const key = this.byId.get(sealed.keyId);
    if (!key) throw new SecretBoxError(`no master key with id ${sealed.keyId} is configured`);
    const raw = Buffer.from(sealed.ciphertext, 'base64url');
    if (raw.length < IV_BYTES + TAG_BYTES) throw new SecretBoxError('ciphertext is truncated');
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    try {
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
        'utf8',
      );
    } catch {
      throw new SecretBoxError('ciphertext failed authentication');
    }
  }

  needsRotation(sealed: Sealed): boolean {
    return sealed.keyId !== this.current.id;
  }
}
