import os from 'node:os';
import { Command } from 'commander';
import type { CliContext } from '../../platform/cli-context.js';
import { resetTwoFactor } from './two-factor-service.js';

/** `signet two-factor reset <email>`: for a user who lost their authenticator and recovery codes. */
export function twoFactorCommand(cli: CliContext): Command {
  const cmd = new Command('two-factor').description("operator actions on users' two-factor authentication");
  cmd
    .command('reset <email>')
    .description(
      "turn the user's two-factor authentication off (they log in with the password, then may enrol again)",
    )
    .action(async (email: string) => {
      await cli.withContext(async (ctx) => {
        if (!(await resetTwoFactor(ctx, email, os.userInfo().username)))
          throw new Error(`no user with e-mail ${email}`);
        process.stdout.write('two-factor authentication is off for this user\n');
      });
    });
  return cmd;
}
