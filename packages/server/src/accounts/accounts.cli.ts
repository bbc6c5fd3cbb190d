import os from 'node:os';
import { Command } from 'commander';
import { recordAudit } from '../audit/audit-log.js';
import type { Config } from '../config.js';
import { withDb } from '../db/with-db.js';
import type { AccountStatus } from '../users/roles.js';
import { listAccounts, setAccountStatus } from './account-store.js';

export function accountsCommand(config: () => Config): Command {
  const cmd = new Command('accounts').description('list, activate and suspend business accounts');

  cmd
    .command('list')
    .description('list accounts with their status')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const cfg = config();
      await withDb(cfg, async (db) => {
        const accounts = await listAccounts(db.kysely);
        if (opts.json) process.stdout.write(JSON.stringify(accounts, null, 2) + '\n');
        else
          for (const a of accounts)
            process.stdout.write(`${a.id}  ${a.status.padEnd(9)}  ${a.users} user(s)  ${a.name}\n`);
      });
    });

  const setStatus = (status: AccountStatus, verb: string) =>
    cmd
      .command(`${verb} <accountId>`)
      .description(`${verb} an account`)
      .action(async (accountId: string) => {
        const cfg = config();
        await withDb(cfg, async (db) => {
          const now = new Date();
          const found = await db.kysely.transaction().execute(async (trx) => {
            if (!(await setAccountStatus(trx, accountId, status, now))) return false;
            await recordAudit(
              trx,
              {
                accountId,
                actor: { operator: os.userInfo().username },
                action: status === 'active' ? 'account.activated' : 'account.suspended',
                target: accountId,
              },
              now,
            );
            return true;
          });
          if (!found) throw new Error(`no account with id ${accountId}`);
          process.stdout.write(`account ${accountId} is now ${status}\n`);
        });
      });
  setStatus('active', 'activate');
  setStatus('suspended', 'suspend');
  return cmd;
}
