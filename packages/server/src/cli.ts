#!/usr/bin/env node
import { Command } from 'commander';
import { FEATURES } from './features.js';
import { cliContext } from './platform/cli-context.js';
import { ConfigError, loadConfig, trustProxyWarning, type Config } from './platform/config.js';
import { masterKeyCommand } from './platform/crypto/master-key.cli.js';
import { openDb } from './platform/db/connect.js';
import { migrateToLatest } from './platform/db/migrate.js';
import { migrationsOf } from './platform/feature.js';
import { serveWorker } from './platform/worker-process.js';
import { createSignetContext, createSignetServer } from './server.js';

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
    const ctx = await createSignetContext(cfg);
    const app = await createSignetServer(ctx, { startBackground: cfg.runWorker });
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
    const trustWarning = trustProxyWarning(cfg);
    if (trustWarning) app.log.warn({ trustProxy: cfg.trustProxy, host: cfg.host }, trustWarning);
  });

program
  .command('worker')
  .description('run only the background work (callback delivery); several may share one PostgreSQL')
  .action(async () => {
    const cfg = config();
    const ctx = await createSignetContext(cfg);
    await serveWorker(ctx, FEATURES);
  });

program
  .command('migrate')
  .description('apply database migrations and exit')
  .action(async () => {
    const cfg = config();
    const db = await openDb({ dataDir: cfg.dataDir, databaseUrl: cfg.databaseUrl });
    try {
      const applied = await migrateToLatest(db, migrationsOf(FEATURES));
      process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
    } finally {
      await db.close();
    }
  });

const cli = cliContext(config, FEATURES);
for (const feature of FEATURES)
  for (const command of feature.commands?.(cli) ?? []) program.addCommand(command);
program.addCommand(masterKeyCommand(cli, FEATURES));

program.parseAsync(process.argv).catch((err: unknown) => {
  // A conflict found while the context is built (e.g. two features declaring one permission id).
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`signet: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
