#!/usr/bin/env node
import { Command } from 'commander';
import { pino } from 'pino';
import { createWorker } from './callbacks/callbacks.feature.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { accountsCommand } from './accounts/accounts.cli.js';
import { masterKeyCommand } from './crypto/master-key.cli.js';
import { openDb } from './db/connect.js';
import { migrateToLatest } from './db/migrate.js';
import { createContext, createServer } from './runtime.js';
import { usersCommand } from './users/users.cli.js';

function config(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
}

const program = new Command()
  .name('signet')
  .description('Signet: self-hosted API credentials, signed requests and callbacks')
  .showHelpAfterError();

program
  .command('serve')
  .description('run the HTTP server (and, unless SIGNET_WORKER=false, the callback worker)')
  .action(async () => {
    const cfg = config();
    const ctx = await createContext(cfg);
    const app = await createServer(ctx, { startBackground: cfg.runWorker });
    let closing = false;
    const shutdown = async (signal: string) => {
      if (closing) return;
      closing = true;
      app.log.info({ signal }, 'shutting down');
      // Stop accepting, finish in-flight requests and deliveries, then close the database.
      const timer = setTimeout(() => process.exit(1), 15_000);
      timer.unref();
      await app.close();
      process.exit(0);
    };
    process.on('SIGTERM', () => void shutdown('SIGTERM'));
    process.on('SIGINT', () => void shutdown('SIGINT'));
    await app.listen({ port: cfg.port, host: cfg.host });
    app.log.info(
      { mode: cfg.mode, database: cfg.databaseUrl ? 'postgres' : 'sqlite' },
      `Signet listening on ${cfg.publicUrl}`,
    );
  });

program
  .command('worker')
  .description('run only the callback delivery worker (several may run against one PostgreSQL)')
  .action(async () => {
    const cfg = config();
    const ctx = await createContext(cfg);
    const log = pino({ level: cfg.logLevel === 'silent' ? 'silent' : cfg.logLevel });
    const worker = createWorker(ctx, log);
    worker.start();
    log.info({ concurrency: cfg.workerConcurrency, owner: worker.owner }, 'callback worker started');
    const shutdown = async () => {
      await worker.stop();
      await ctx.db.close();
      process.exit(0);
    };
    process.on('SIGTERM', () => void shutdown());
    process.on('SIGINT', () => void shutdown());
  });

program
  .command('migrate')
  .description('apply database migrations and exit')
  .action(async () => {
    const cfg = config();
    const db = await openDb({ dataDir: cfg.dataDir, databaseUrl: cfg.databaseUrl });
    try {
      const applied = await migrateToLatest(db);
      process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
    } finally {
      await db.close();
    }
  });

program.addCommand(accountsCommand(config));
program.addCommand(usersCommand(config));
program.addCommand(masterKeyCommand(config));

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`signet: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
