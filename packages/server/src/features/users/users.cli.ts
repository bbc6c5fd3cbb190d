import os from 'node:os';
import { randomBytes } from 'node:crypto';
import { Command } from 'commander';
import type { CliContext } from '../../platform/cli-context.js';
import { resetPassword } from './users-service.js';
import { newPasswordField } from './users.schemas.js';

export function usersCommand(cli: CliContext): Command {
  const cmd = new Command('users').description('operator actions on dashboard users');
  cmd
    .command('reset-password <email>')
    .description("set a new password (printed once) and end the user's sessions")
    .option('--password <password>', 'use this password instead of a generated one')
    .action(async (email: string, opts: { password?: string }) => {
      const password = opts.password ?? randomBytes(15).toString('base64url');
      const check = newPasswordField.safeParse(password);
      if (!check.success) throw new Error(`password ${check.error.issues[0]?.message ?? 'is invalid'}`);
      await cli.withContext(async (ctx) => {
        if (!(await resetPassword(ctx, email, password, { operator: os.userInfo().username })))
          throw new Error(`no user with e-mail ${email}`);
        process.stdout.write(opts.password ? 'password updated\n' : `new password: ${password}\n`);
      });
    });
  return cmd;
}
