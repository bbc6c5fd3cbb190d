import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import pg from 'pg';
import { loadConfig, type Config } from '../../src/platform/config.js';
import type { AppContext } from '../../src/platform/context.js';
import { FEATURES } from '../../src/features.js';
import { buildApp, type AppOptions } from '../../src/platform/app.js';
import type { Feature } from '../../src/platform/feature.js';
import { createContext } from '../../src/platform/runtime.js';

/** What a test may change about the app: the features (default: all of them), logs, background work. */
export interface TestAppOptions extends Partial<AppOptions> {
  features?: readonly Feature[];
  logStream?: NodeJS.WritableStream;
}

/**
 * One isolated Signet per test file: a fresh SQLite directory, or — when TEST_DATABASE_URL is set —
 * a fresh PostgreSQL schema, so the same suite runs on both databases.
 */
export interface TestApp {
  app: FastifyInstance;
  ctx: AppContext;
  config: Config;
  /** A settable clock: tests move time instead of waiting. */
  clock: { now: Date; advance(ms: number): void };
  close(): Promise<void>;
  /** What a separate process (the CLI) needs to reach this same database: SQLite dir or PostgreSQL schema. */
  storageEnv: Record<string, string>;
}

export const testDatabaseUrl = process.env.TEST_DATABASE_URL || undefined;

/** A PostgreSQL URL whose connections use `schema` (the driver passes `options` to the server). */
export function pgUrlWithSchema(baseUrl: string, schema: string): string {
  const options = encodeURIComponent(`-c search_path=${schema}`);
  return `${baseUrl}${baseUrl.includes('?') ? '&' : '?'}options=${options}`;
}

/** A clock tests move instead of waiting. */
function settableClock(start: Date): TestApp['clock'] {
  return {
    now: new Date(start.getTime()),
    advance(ms: number) {
      this.now = new Date(this.now.getTime() + ms);
    },
  };
}

/** The context and app `signet serve` would build, on `clock`, with the test's options. */
async function openApp(
  config: Config,
  pgSchema: string | undefined,
  clock: TestApp['clock'],
  options: TestAppOptions,
): Promise<{ app: FastifyInstance; ctx: AppContext }> {
  const { features = FEATURES, logStream, ...appOptions } = options;
  const ctx = await createContext(config, features, { pgSchema, now: () => clock.now, logStream });
  const app = await buildApp(ctx, { webDist: null, ...appOptions, features });
  await app.ready();
  return { app, ctx };
}

export async function startTestApp(
  env: Record<string, string> = {},
  options: TestAppOptions = {},
): Promise<TestApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'signet-test-'));
  const config = loadConfig({
    SIGNET_DATA_DIR: dataDir,
    SIGNET_LOG_LEVEL: 'silent',
    SIGNET_WORKER: 'false',
    // Test files sign up many accounts from 127.0.0.1; the signup limits have tests of their own.
    SIGNET_SIGNUP_PER_IP_PER_HOUR: '100000',
    SIGNET_SIGNUP_PER_HOUR: '0',
    ...(testDatabaseUrl ? { DATABASE_URL: testDatabaseUrl } : {}),
    // The whole suite can run with a gateway configured beside the sandbox (see .ci/run).
    ...(process.env.TEST_SIGNET_CONFIG ? { SIGNET_CONFIG: process.env.TEST_SIGNET_CONFIG } : {}),
    ...env,
  });
  const pgSchema = testDatabaseUrl ? `t_${randomBytes(6).toString('hex')}` : undefined;
  const clock = settableClock(new Date());
  const { app, ctx } = await openApp(config, pgSchema, clock, options);
  const storageEnv: Record<string, string> = { SIGNET_DATA_DIR: dataDir };
  if (testDatabaseUrl && pgSchema) {
    storageEnv.DATABASE_URL = pgUrlWithSchema(testDatabaseUrl, pgSchema);
  }
  return {
    storageEnv,
    app,
    ctx,
    config,
    clock,
    async close() {
      await app.close();
      if (pgSchema) await dropSchema(pgSchema);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** One statement on the test PostgreSQL, on a connection of its own. */
export async function pgQuery(text: string) {
  const client = new pg.Client({ connectionString: testDatabaseUrl });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

const dropSchema = (schema: string) => pgQuery(`drop schema if exists ${schema} cascade`);

/** A logged-in dashboard user as a browser would be: cookie jar plus CSRF token. */
export class DashboardUser {
  constructor(
    private readonly app: FastifyInstance,
    public cookie: string,
    public csrf: string,
    public readonly body: {
      user: { id: string; email: string; role: string };
      account: { id: string; status: string };
    },
  ) {}

  request(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    payload?: unknown,
    headers: Record<string, string> = {},
  ) {
    return this.app.inject({
      method,
      url: `/dashboard/api${url}`,
      headers: { cookie: this.cookie, 'x-csrf-token': this.csrf, ...headers },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  }
}

export function sessionCookie(res: LightMyRequestResponse): string {
  const c = res.cookies.find((c) => c.name === 'signet_session');
  if (!c) throw new Error(`no session cookie in response ${res.statusCode} ${res.body}`);
  return `signet_session=${c.value}`;
}

let seq = 0;
export const uniqueEmail = (prefix = 'user') =>
  `${prefix}-${process.pid}-${++seq}-${randomBytes(3).toString('hex')}@example.com`;
export const PASSWORD = 'correct horse battery staple';

export async function signup(app: FastifyInstance, name = 'Acme Ltd'): Promise<DashboardUser> {
  const res = await app.inject({
    method: 'POST',
    url: '/dashboard/api/signup',
    payload: { business_name: name, email: uniqueEmail('root'), password: PASSWORD },
  });
  if (res.statusCode !== 201) throw new Error(`signup failed: ${res.statusCode} ${res.body}`);
  const body = res.json();
  return new DashboardUser(app, sessionCookie(res), body.csrf_token, body);
}

export async function login(
  app: FastifyInstance,
  email: string,
  password = PASSWORD,
): Promise<DashboardUser> {
  const res = await app.inject({
    method: 'POST',
    url: '/dashboard/api/session',
    payload: { email, password },
  });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  const body = res.json();
  return new DashboardUser(app, sessionCookie(res), body.csrf_token, body);
}

/** Root invites a user with the given role, who accepts; returns the new user's session. */
export async function addTeamMember(
  app: FastifyInstance,
  root: DashboardUser,
  role: string,
): Promise<DashboardUser> {
  const email = uniqueEmail(role);
  const inv = await root.request('POST', '/invitations', { email, role });
  if (inv.statusCode !== 201) throw new Error(`invite failed: ${inv.statusCode} ${inv.body}`);
  const token = new URL(inv.json().invitation_url).pathname.split('/').pop();
  const res = await app.inject({
    method: 'POST',
    url: `/dashboard/api/invitations/${token}/accept`,
    payload: { password: PASSWORD },
  });
  if (res.statusCode !== 201) throw new Error(`accept failed: ${res.statusCode} ${res.body}`);
  const body = res.json();
  return new DashboardUser(app, sessionCookie(res), body.csrf_token, body);
}

export function expectEnvelope(res: LightMyRequestResponse, status: number, code: string) {
  if (res.statusCode !== status)
    throw new Error(`expected ${status} ${code}, got ${res.statusCode}: ${res.body}`);
  const body = res.json();
  if (body?.error?.code !== code) throw new Error(`expected code ${code}, got ${res.body}`);
  if (!/^[0-9a-f]{32}$/.test(body.meta?.request_id ?? '')) throw new Error(`bad request id in ${res.body}`);
  if (res.headers['x-request-id'] !== body.meta.request_id)
    throw new Error('X-Request-Id does not match meta.request_id');
  if (!Array.isArray(body.error.details)) throw new Error('details is not an array');
  return body as { error: { code: string; message: string; details: Record<string, unknown>[] } };
}

/**
 * Another instance on `first`'s database (its PostgreSQL schema, or its SQLite file), as a second
 * server process would be, with its own clock (and `config`, e.g. a changed config file). Closing it
 * leaves the shared data to `first`.
 */
export async function startPeerApp(
  first: TestApp,
  { config = first.config, ...options }: TestAppOptions & { config?: Config } = {},
): Promise<TestApp> {
  const pgSchema =
    first.ctx.db.dialect === 'postgres'
      ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(first.ctx.db.kysely))
          .rows[0]!.schema
      : undefined;
  const clock = settableClock(first.clock.now);
  const { app, ctx } = await openApp(config, pgSchema, clock, options);
  return { app, ctx, config, clock, storageEnv: first.storageEnv, close: () => app.close() };
}
