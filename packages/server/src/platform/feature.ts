import type { Command } from 'commander';
import type { FastifyInstance } from 'fastify';
import type { Config } from './config.js';
import type { AppContext } from './context.js';
import type { SealedColumn } from './crypto/sealed-columns.js';
import type { MigrationFactory } from './db/migrations/helpers.js';
import type { ZodApp } from './http/zod-app.js';
import type { PermissionContribution } from './permission-catalogue.js';

/** A feature's dashboard routes: registered inside the session-authenticated `/dashboard/api` scope. */
export type DashboardRoutes = (app: ZodApp, ctx: AppContext) => void;

/**
 * A feature's platform API routes: registered inside the service-token-authenticated
 * `/platform/v1` scope, each declaring `config.scope` (one of the platform feature's SCOPES).
 */
export type PlatformRoutes = (app: ZodApp, ctx: AppContext) => void;

/** Background work (the callback worker); the returned function stops it and is awaited on close. */
export type BackgroundStart = (
  ctx: AppContext,
  log: Pick<FastifyInstance['log'], 'error' | 'warn' | 'info'>,
) => Promise<() => Promise<void>>;

/**
 * Everything a feature contributes, declared in its `index.ts`. The platform reads only this
 * interface: it never imports a feature, and a feature meets another only at that one's entry.
 */
export interface Feature {
  name: string;
  /**
   * Schema changes, by globally unique name; all features' migrations run in name order, so a new
   * one takes the next free number. Never rename, edit or reorder one that has been applied.
   */
  migrations?: Record<string, MigrationFactory>;
  /** Encrypted columns, so master-key rotation re-seals them. */
  sealedColumns?: SealedColumn[];
  /** Routes under `/dashboard/api`, each declaring `config.access`. */
  dashboardRoutes?: DashboardRoutes[];
  /**
   * A Fastify plugin registered at the root, e.g. the merchant API under `/api`. Per-app state is
   * decorated with `fastify-plugin` and torn down in `onClose`.
   */
  plugin?: (ctx: AppContext) => (app: FastifyInstance) => Promise<void>;
  /** Started by `signet serve` (unless disabled) and by `signet worker`. */
  background?: BackgroundStart;
  /** Permission ids the feature's API routes require, given the config (see permission-catalogue.ts). */
  permissions?: (config: Config) => PermissionContribution | null;
  /** Prometheus metrics the feature exports, registered once on the context's registry. */
  metrics?: (ctx: AppContext) => void;
  /** `signet <command>` subcommands. */
  commands?: (cli: CliContext) => Command[];
  /**
   * Guards the `/dashboard/api` scope (sessions, CSRF, roles): exactly one feature provides it,
   * and it must refuse to start a route that declares no access.
   */
  dashboardGuard?: (app: FastifyInstance, ctx: AppContext) => void;
  /** Routes under `/platform/v1` (the operator's backend, service tokens), each declaring `config.scope`. */
  platformRoutes?: PlatformRoutes[];
  /**
   * Guards the `/platform/v1` scope (service tokens, scopes): at most one feature provides it, and
   * it must refuse to start a route that declares no scope. Without a guard the scope is not mounted.
   */
  platformGuard?: (app: FastifyInstance, ctx: AppContext) => void;
}

export const migrationsOf = (features: readonly Feature[]) =>
  Object.assign({}, ...features.map((f) => f.migrations ?? {})) as Record<string, MigrationFactory>;

export const permissionsOf = (features: readonly Feature[], config: Config): PermissionContribution[] =>
  features.flatMap((f) => f.permissions?.(config) ?? []);

export const sealedColumnsOf = (features: readonly Feature[]): SealedColumn[] =>
  features.flatMap((f) => f.sealedColumns ?? []);

/** What a feature's CLI command receives: the validated config, and the same core context the server builds. */
export interface CliContext {
  config(): Config;
  /** Opens the core context (schema brought up to date), runs `fn`, always closes it. */
  withContext<T>(fn: (ctx: AppContext) => Promise<T>): Promise<T>;
}
