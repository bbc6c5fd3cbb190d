import os from 'node:os';
import { Command } from 'commander';
import type { CliContext } from '../../../platform/cli-context.js';
import { ApiError } from '../../../platform/http/errors.js';
import { accountExists } from './account-check.js';
import { checkSimulation, parseOptions, type SimulationRegistry } from './simulation-registry.js';

function usageError(message: string): never {
  process.stderr.write(`signet: ${message}\n`);
  process.exit(2);
}

/** A refusal by the resource (unknown id, a transition its state machine forbids): exit 1, the reason. */
function refused(err: unknown): never {
  if (!(err instanceof ApiError)) throw err;
  const details = err.details
    .map((d) => [d.field, d.message].filter(Boolean).join(' '))
    .filter(Boolean)
    .join('; ');
  process.stderr.write(`signet: ${err.message}${details ? `: ${details}` : ''}\n`);
  process.exit(1);
}

/**
 * `signet sandbox simulate <resource> <id> <state>` and `signet sandbox trigger <event>`: the
 * dashboard's sandbox tools for scripts and for receivers under development. They write what the
 * API would (objects, ledger, callbacks in the outbox, an audit line by `operator:<user>`); the
 * running server's worker delivers the callbacks.
 */
export function sandboxCommand(cli: CliContext, registry: SimulationRegistry): Command {
  const cmd = new Command('sandbox').description('move sandbox objects to any state and fire callbacks');
  const sandboxOnly = () => {
    if (cli.config().mode !== 'sandbox') usageError('the sandbox commands need SIGNET_MODE=sandbox');
  };

  cmd
    .command('simulate <resource> <id> <state> [options...]')
    .description(
      'move one object as the network would; resources and states:\n' +
        registry.simulators
          .map(
            (s) =>
              `  ${s.resource}: ${s.states.join(', ')}` +
              (s.options
                ? `\n    options: ${Object.entries(s.options)
                    .map(([k, v]) => `${k}=<${v}>`)
                    .join(' ')}`
                : ''),
          )
          .join('\n'),
    )
    .requiredOption('--account <accountId>', 'the account the object belongs to')
    .option('--json', 'print the object as the API answers it')
    .action(
      async (
        resource: string,
        id: string,
        state: string,
        pairs: string[],
        opts: { account: string; json?: boolean },
      ) => {
        sandboxOnly();
        const problem = checkSimulation(registry, resource, state);
        if (problem) usageError(problem);
        const parsed = parseOptions(pairs);
        if (!parsed.ok) usageError(`option ${parsed.bad} is not name=value`);
        const sim = registry.simulator(resource)!;
        await cli.withContext(async (ctx) => {
          if (!(await accountExists(ctx.db.kysely, opts.account)))
            usageError(`no account with id ${opts.account}`);
          const audit = { actor: { operator: os.userInfo().username }, ip: '127.0.0.1' };
          const result = await sim
            .simulate(ctx, opts.account, id, state, parsed.options, audit)
            .catch(refused);
          process.stdout.write(
            opts.json ? JSON.stringify(result, null, 2) + '\n' : `${resource} ${id}: ${state}\n`,
          );
        });
      },
    );

  cmd
    .command('trigger <event>')
    .description(
      'create what the event needs in the account and make it happen, so its callback fires; events:\n' +
        registry.triggers.map((t) => `  ${t.event}`).join('\n'),
    )
    .requiredOption('--account <accountId>', 'the account whose callback URL receives it')
    .option('--json', 'print the object the event carries')
    .action(async (event: string, opts: { account: string; json?: boolean }) => {
      sandboxOnly();
      const trigger = registry.trigger(event);
      if (!trigger)
        usageError(`unknown event ${event} (one of: ${registry.triggers.map((t) => t.event).join(', ')})`);
      await cli.withContext(async (ctx) => {
        if (!(await accountExists(ctx.db.kysely, opts.account)))
          usageError(`no account with id ${opts.account}`);
        const audit = { actor: { operator: os.userInfo().username }, ip: '127.0.0.1' };
        const result = await trigger.fire(ctx, opts.account, audit).catch(refused);
        process.stdout.write(opts.json ? JSON.stringify(result, null, 2) + '\n' : `${event} fired\n`);
      });
    });
  return cmd;
}
