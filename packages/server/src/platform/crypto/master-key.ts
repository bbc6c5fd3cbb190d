import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Keyring } from './secret-box.js';

/**
 * Where the master key comes from: SIGNET_MASTER_KEY (plus SIGNET_MASTER_KEY_PREVIOUS during a
 * rotation), or for the zero-setup embedded default a key file in the data directory, mode 0600.
 * The key file keeps retired keys until `signet master-key rotate` has re-encrypted every row.
 */
export const KEY_FILE = 'master.key';

interface KeyFile {
  current: string;
  previous: string[];
}

export function keyFilePath(dataDir: string): string {
  return path.join(dataDir, KEY_FILE);
}

export function readKeyFile(dataDir: string): KeyFile | null {
  const file = keyFilePath(dataDir);
  if (!fs.existsSync(file)) return null;
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<KeyFile>;
  if (typeof parsed.current !== 'string') throw new Error(`${file} is not a Signet key file`);
  return { current: parsed.current, previous: Array.isArray(parsed.previous) ? parsed.previous : [] };
}

export function writeKeyFile(dataDir: string, content: KeyFile): void {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = keyFilePath(dataDir);
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(content) + '\n', { mode: 0o600 });
  fs.renameSync(tmp, file);
  fs.chmodSync(file, 0o600);
}

export function newKeyBase64(): string {
  return randomBytes(32).toString('base64');
}

export interface MasterKeySource {
  masterKey: Buffer | undefined;
  previousMasterKeys: Buffer[];
  dataDir: string;
}

export function loadKeyring(source: MasterKeySource): Keyring {
  if (source.masterKey) return new Keyring(source.masterKey, source.previousMasterKeys);
  let file = readKeyFile(source.dataDir);
  if (!file) {
    file = { current: newKeyBase64(), previous: [] };
    writeKeyFile(source.dataDir, file);
  }
  return new Keyring(
    Buffer.from(file.current, 'base64'),
    file.previous.map((k) => Buffer.from(k, 'base64')),
  );
}
