import { Command } from 'commander';
import type { CliContext } from '../../platform/cli-context.js';
import { SCOPES } from './scopes.js';
import {
  createServiceToken,
  listServiceTokens,
  revokeServiceToken,
  UnknownScopeError,
} from './token-service.js';

/** A usage error: the message on stderr, exit 2 (like a config error), before any database work. */
function usageError(message: string): never {
  process.stderr.write(`signet: ${message}\n`);
  process.exit(2);
}

export function tokensCommand(cli: CliContext): Command {
  const cmd = new Command('tokens').description('service tokens of the platform API (/platform/v1)');

  cmd
    .command('create')
    .description('create a service token (printed once; only its hash is stored)')
    .requiredOption('--name <name>', 'who uses it; the audit log names the token by it')
    .requiredOption('--scopes <scopes>', `comma-separated, of: ${SCOPES.join(', ')}`)
    .option('--json', 'print JSON: {"id","name","scopes","token"}')
    .action(async (opts: { name: string; scopes: string; json?: boolean }) => {
      const scopes = opts.scopes
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const unknown = scopes.find((s) => !(SCOPES as readonly string[]).includes(s));
      if (unknown !== undefined) usageError(`unknown scope: ${unknown} (known: ${SCOPES.join(', ')})`);
      if (scopes.length === 0) usageError('--scopes names no scope');
      if (!opts.name.trim()) usageError('--name is empty');
      await cli.withContext(async (ctx) => {
        const created = await createServiceToken(ctx, opts.name, scopes).catch((err: unknown) => {
          if (err instanceof UnknownScopeError) usageError(err.message);
          throw err;
        });
        if (opts.json) process.stdout.write(JSON.stringify(created) + '\n');
        else
          process.stdout.write(
            `token ${created.id} (${created.name}; ${created.scopes.join(', ')}):\n${created.token}\n` +
              'It is shown only now: store it where your backend reads its secrets.\n',
          );
      });
    });

  cmd
    .command('list')
    .description('list service tokens (never the tokens themselves)')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      await cli.withContext(async (ctx) => {
        const tokens = await listServiceTokens(ctx);
        if (opts.json) process.stdout.write(JSON.stringify(tokens, null, 2) + '\n');
        else
          for (const t of tokens)
            process.stdout.write(
              `${t.id}  ${(t.revoked_at ? 'revoked' : 'active').padEnd(7)}  ${t.name}  [${t.scopes.join(',')}]` +
                `  last used ${t.last_used_at ?? 'never'}\n`,
            );
      });
    });

  cmd
    .command('revoke <id>')
    .description('revoke a service token: refused on every instance from the next request')
    .action(async (id: string) => {
      await cli.withContext(async (ctx) => {
        const revoked = await revokeServiceToken(ctx, id);
        if (revoked === null) throw new Error(`no service token with id ${id}`);
        process.stdout.write(revoked ? `token ${id} is revoked\n` : `token ${id} was already revoked\n`);
      });
    });
  return cmd;
}
