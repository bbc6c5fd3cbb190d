import os from 'node:os';
import { Command } from 'commander';
import type { CliContext } from '../../platform/cli-context.js';
import { changeAccountStatus } from './account-service.js';
import { listAccounts } from './account-store.js';

export function accountsCommand(cli: CliContext): Command {
  const cmd = new Command('accounts').description('list, activate and suspend business accounts');

  cmd
    .command('list')
    .description('list accounts with their status')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      await cli.withContext(async (ctx) => {
        const accounts = await listAccounts(ctx.db.kysely);
        if (opts.json) process.stdout.write(JSON.stringify(accounts, null, 2) + '\n');
        else
          for (const a of accounts)
            process.stdout.write(`${a.id}  ${a.status.padEnd(9)}  ${a.users} user(s)  ${a.name}\n`);
      });
    });

  const setStatus = (status: 'active' | 'suspended', verb: string) =>
    cmd
      .command(`${verb} <accountId>`)
      .description(`${verb} an account`)
      .action(async (accountId: string) => {
        await cli.withContext(async (ctx) => {
          const actor = { operator: os.userInfo().username };
          if (!(await changeAccountStatus(ctx, accountId, status, actor)))
            throw new Error(`no account with id ${accountId}`);
          process.stdout.write(`account ${accountId} is now ${status}\n`);
        });
      });
  setStatus('active', 'activate');
  setStatus('suspended', 'suspend');
  return cmd;
}
