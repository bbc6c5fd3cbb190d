import type { FastifyInstance } from 'fastify';
import type { AppContext } from './context.js';
import type { ZodApp } from './http/zod-app.js';

/** A feature's dashboard routes: registered inside the access-controlled `/dashboard/api` scope. */
export type DashboardRoutes = (app: ZodApp, ctx: AppContext) => void;

/**
 * How a feature plugs into the server: routes under `/dashboard/api`, its own encapsulated plugin
 * (e.g. the merchant API under `/api`), and background work started and stopped with the server.
 */
export interface Feature {
  name: string;
  dashboardRoutes?: DashboardRoutes[];
  plugin?: (ctx: AppContext) => (app: FastifyInstance) => Promise<void>;
  /** Started after the server is ready; the returned function is awaited on close. */
  start?: (ctx: AppContext, app: FastifyInstance) => Promise<() => Promise<void>>;
}
