import os from 'node:os';
import { randomBytes } from 'node:crypto';
import { Command } from 'commander';
import type { CliContext } from '../../platform/cli-context.js';
import { tx } from '../../platform/db/tx.js';
import { hashPassword } from './password.js';
import { newPasswordField } from './schemas.js';

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
        const user = await ctx.db.kysely
          .selectFrom('users')
          .select(['id', 'account_id'])
          .where('email', '=', email.trim().toLowerCase())
          .executeTakeFirst();
        if (!user) throw new Error(`no user with e-mail ${email}`);
        const passwordHash = await hashPassword(password);
        await tx(ctx, async (t) => {
          await t.db
            .updateTable('users')
            .set({ password_hash: passwordHash })
            .where('id', '=', user.id)
            .execute();
          await t.db.deleteFrom('sessions').where('user_id', '=', user.id).execute();
          await t.audit({
            accountId: user.account_id,
            actor: { operator: os.userInfo().username },
            action: 'user.password_reset',
            target: email,
          });
        });
        process.stdout.write(opts.password ? 'password updated\n' : `new password: ${password}\n`);
      });
    });
  return cmd;
}
