import { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { sealedColumnsOf, type Feature } from '../feature.js';
import { newKeyBase64, readKeyFile, writeKeyFile } from './master-key.js';
import { resealAll } from './rotate.js';
import { Keyring } from './secret-box.js';

export function masterKeyCommand(cli: CliContext, features: readonly Feature[]): Command {
  const cmd = new Command('master-key').description('manage the master key that encrypts secrets at rest');
  cmd
    .command('rotate')
    .description(
      're-encrypt every secret under a new master key. With SIGNET_MASTER_KEY: set it to the new key and ' +
        'SIGNET_MASTER_KEY_PREVIOUS to the old one(s), then run this. With the key file: a new key is generated.',
    )
    .action(async () => {
      const cfg = cli.config();
      await cli.withContext(async (ctx) => {
        let keyring: Keyring;
        if (cfg.masterKey) {
          keyring = new Keyring(cfg.masterKey, cfg.previousMasterKeys);
        } else {
          const file = readKeyFile(cfg.dataDir);
          if (!file) throw new Error(`no key file in ${cfg.dataDir}; nothing to rotate`);
          // The old key stays in the file until every row is re-sealed, so a crash here loses nothing.
          const next = { current: newKeyBase64(), previous: [file.current, ...file.previous] };
          writeKeyFile(cfg.dataDir, next);
          keyring = new Keyring(
            Buffer.from(next.current, 'base64'),
            next.previous.map((k) => Buffer.from(k, 'base64')),
          );
        }
        const changed = await resealAll(ctx.db, keyring, sealedColumnsOf(features));
        if (!cfg.masterKey)
          writeKeyFile(cfg.dataDir, { current: readKeyFile(cfg.dataDir)!.current, previous: [] });
        process.stdout.write(`re-encrypted ${changed} secret(s) under key ${keyring.current.id}\n`);
        if (cfg.masterKey && cfg.previousMasterKeys.length)
          process.stdout.write('SIGNET_MASTER_KEY_PREVIOUS can now be removed.\n');
      });
    });
  return cmd;
}
