import os from 'node:os';
import { randomBytes } from 'node:crypto';
import { Command } from 'commander';
import { recordAudit } from '../audit/audit-log.js';
import type { Config } from '../config.js';
import { withDb } from '../db/with-db.js';
import { hashPassword } from './password.js';
import { newPasswordField } from './schemas.js';

export function usersCommand(config: () => Config): Command {
  const cmd = new Command('users').description('operator actions on dashboard users');
  cmd
    .command('reset-password <email>')
    .description("set a new password (printed once) and end the user's sessions")
    .option('--password <password>', 'use this password instead of a generated one')
    .action(async (email: string, opts: { password?: string }) => {
      const password = opts.password ?? randomBytes(15).toString('base64url');
      const check = newPasswordField.safeParse(password);
      if (!check.success) throw new Error(`password ${check.error.issues[0]?.message ?? 'is invalid'}`);
      const cfg = config();
      await withDb(cfg, async (db) => {
        const user = await db.kysely
          .selectFrom('users')
          .select(['id', 'account_id'])
          .where('email', '=', email.trim().toLowerCase())
          .executeTakeFirst();
        if (!user) throw new Error(`no user with e-mail ${email}`);
        const passwordHash = await hashPassword(password);
        await db.kysely.transaction().execute(async (trx) => {
          await trx
            .updateTable('users')
            .set({ password_hash: passwordHash })
            .where('id', '=', user.id)
            .execute();
          await trx.deleteFrom('sessions').where('user_id', '=', user.id).execute();
          await recordAudit(
            trx,
            {
              accountId: user.account_id,
              actor: { operator: os.userInfo().username },
              action: 'user.password_reset',
              target: email,
            },
            new Date(),
          );
        });
        process.stdout.write(opts.password ? 'password updated\n' : `new password: ${password}\n`);
      });
    });
  return cmd;
}
