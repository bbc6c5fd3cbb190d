import { isIPv4 } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { ConfigFileError, DEFAULT_APIS, loadConfigFile, type ApisConfig } from './config-file.js';
import { InvalidNetworkError, netmaskPrefix, parseNetwork, parseNetworkList } from './net/cidr.js';

/**
 * All runtime configuration comes from the environment and is validated once at start, so a
 * typo fails loudly with the variable's name instead of surfacing later as odd behaviour.
 */
const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const positiveInt = z.coerce.number().int().positive();
const nonNegativeInt = z.coerce.number().int().min(0);

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  SIGNET_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  SIGNET_MASTER_KEY: z
    .string()
    .refine((v) => decodeKey(v) !== null, 'must be 32 bytes, as 64 hex characters or base64')
    .optional(),
  SIGNET_MASTER_KEY_PREVIOUS: z
    .string()
    .refine(
      (v) => v.split(',').every((k) => decodeKey(k.trim()) !== null),
      'must be a comma-separated list of 32-byte keys (hex or base64)',
    )
    .optional(),
  SIGNET_MODE: z.enum(['sandbox', 'production']).default('sandbox'),
  SIGNET_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  SIGNET_TRUST_PROXY: z
    .string()
    .default('false')
    .superRefine((v, check) => {
      const parsed = parseTrustProxy(v);
      const bad = Array.isArray(parsed) ? parsed.find((entry) => !isProxyRange(entry)) : undefined;
      if (bad !== undefined) {
        check.addIssue({
          code: 'custom',
          message:
            `invalid entry "${bad}": expected true, false, a hop count, or a comma-separated list of ` +
            'addresses, CIDRs (10.0.0.0/8), address/netmask (10.0.0.0/255.0.0.0), loopback, linklocal or uniquelocal',
        });
      }
    }),
  SIGNET_ALLOW_INSECURE_CALLBACKS: booleanFlag.default(false),
  SIGNET_CALLBACK_ALLOW_NETWORKS: z
    .string()
    .default('')
    .superRefine((v, check) => {
      try {
        parseNetworkList(v);
      } catch (err) {
        if (!(err instanceof InvalidNetworkError)) throw err;
        check.addIssue({ code: 'custom', message: err.message });
      }
    }),
  SIGNET_SESSION_IDLE_MINUTES: positiveInt.default(120),
  SIGNET_SESSION_MAX_HOURS: positiveInt.default(12),
  SIGNET_STEP_UP_MINUTES: positiveInt.default(10),
  SIGNET_REQUIRE_2FA: booleanFlag.default(false),
  SIGNET_BODY_LIMIT_BYTES: positiveInt.default(1024 * 1024),
  /** Failed logins for one e-mail from one address within the window before that pair is locked. */
  SIGNET_LOGIN_MAX_FAILURES: positiveInt.default(5),
  SIGNET_LOGIN_WINDOW_SECONDS: positiveInt.default(900),
  /** Failed logins for one e-mail from all addresses within the window. */
  SIGNET_LOGIN_MAX_FAILURES_PER_EMAIL: positiveInt.default(50),
  /** Failed logins from one address, for any e-mails, within the window. */
  SIGNET_LOGIN_MAX_FAILURES_PER_IP: positiveInt.default(30),
  SIGNET_SIGNUP_PER_IP_PER_HOUR: positiveInt.default(10),
  /** Signups from all addresses together in an hour; 0 = no such bound. */
  SIGNET_SIGNUP_PER_HOUR: nonNegativeInt.default(200),
  SIGNET_REQUEST_TIMEOUT_MS: positiveInt.default(30_000),
  SIGNET_HEADERS_TIMEOUT_MS: positiveInt.optional(),
  SIGNET_CONNECTION_TIMEOUT_MS: positiveInt.optional(),
  SIGNET_KEEP_ALIVE_TIMEOUT_MS: positiveInt.default(72_000),
  SIGNET_MAX_CONNECTIONS_PER_IP: z.coerce.number().int().min(0).default(256),
  SIGNET_WORKER: booleanFlag.default(true),
  SIGNET_WORKER_CONCURRENCY: positiveInt.default(8),
  SIGNET_SMTP_URL: z.string().optional(),
  SIGNET_SMTP_FROM: z.string().default('Signet <signet@localhost>'),
  SIGNET_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** The config file: permission catalogue, gateway APIs, the sandbox's mount (config-file.ts). */
  SIGNET_CONFIG: z.string().optional(),
  SIGNET_WORKER_METRICS_PORT: z
    .union([z.literal('off'), z.coerce.number().int().min(0).max(65535)])
    .default(9091),
  /** Abuse limits (issue 13): keys an account may hold, invitations it may have pending and send per hour. */
  SIGNET_MAX_API_KEYS_PER_ACCOUNT: positiveInt.default(100),
  SIGNET_MAX_PENDING_INVITATIONS: positiveInt.default(50),
  SIGNET_INVITATIONS_PER_HOUR: positiveInt.default(20),
});

export type TrustProxy = boolean | number | string[];

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  masterKey: Buffer | undefined;
  previousMasterKeys: Buffer[];
  mode: 'sandbox' | 'production';
  publicUrl: string;
  trustProxy: TrustProxy;
  allowInsecureCallbacks: boolean;
  callbackAllowNetworks: string[];
  sessionIdleMs: number;
  sessionMaxMs: number;
  /** How long a login or step-up lets credential actions through without asking again. */
  stepUpMs: number;
  /** Operator policy: every dashboard user must enrol two-factor authentication first. */
  require2fa: boolean;
  bodyLimitBytes: number;
  /** The dashboard login throttle (features/sessions/login-throttle.ts). */
  loginThrottle: LoginThrottleConfig;
  /** Signups per source address and in total, each per hour; perHour 0 = no total bound. */
  signupLimits: { perIpPerHour: number; perHour: number };
  /** Slow or stalled clients (see `timeoutsOf`): every bound is in milliseconds. */
  timeouts: Timeouts;
  /** Open connections one client address may hold; 0 = no cap. Trusted proxies are not capped. */
  maxConnectionsPerIp: number;
  runWorker: boolean;
  workerConcurrency: number;
  smtpUrl: string | undefined;
  smtpFrom: string;
  logLevel: string;
  /** `signet worker`'s /metrics listener; null = none. */
  workerMetricsPort: number | null;
  /** From the SIGNET_CONFIG file, or the default: the Cryptopay sandbox alone at /api. */
  apis: ApisConfig;
  /** API keys one account may hold at once; creating one more is a 409. */
  maxApiKeysPerAccount: number;
  /** Invitations one account may have pending (neither accepted, revoked nor expired) at once. */
  maxPendingInvitations: number;
  /** Invitations one account may send in any hour (counted in the database, across instances). */
  invitationsPerHour: number;
}

export interface Timeouts {
  /** Until the whole request (headers and body) has arrived; then 408 and the connection closes. */
  requestMs: number;
  /** Until the request headers have arrived (a connection that sends nothing included). */
  headersMs: number;
  /** A connection with no traffic either way (e.g. a client that stops reading its answer). */
  connectionMs: number;
  /** An idle keep-alive connection between two requests. */
  keepAliveMs: number;
}

export interface LoginThrottleConfig {
  /** Failures of one e-mail from one address within the window that lock the pair. */
  maxFailures: number;
  windowMs: number;
  /** Failures of one e-mail from all addresses within the window. */
  maxFailuresPerEmail: number;
  /** Failures from one address, for any e-mails, within the window. */
  maxFailuresPerIp: number;
}

export class ConfigError extends Error {}

/** Headers come first: at most 10 s, and never longer than the whole request may take. */
const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;
/** An idle connection is closed after this long unless a gateway API may take longer to answer. */
const DEFAULT_CONNECTION_TIMEOUT_MS = 120_000;
/** Beyond the slowest gateway API's timeout_ms: the upstream's answer still gets through. */
const CONNECTION_TIMEOUT_MARGIN_MS = 10_000;

/**
 * The bounds on slow clients. The idle bound counts while a handler works too (the socket is silent
 * then), so it must outlast the slowest gateway API's `timeout_ms`; its default does, and a value
 * set by hand that does not is a configuration error, as is a headers bound beyond the request's.
 */
function timeoutsOf(e: z.infer<typeof envSchema>, apis: ApisConfig): Timeouts {
  const slowestUpstream = Math.max(0, ...apis.gateways.map((g) => g.timeoutMs));
  const problems: string[] = [];
  if (e.SIGNET_HEADERS_TIMEOUT_MS !== undefined && e.SIGNET_HEADERS_TIMEOUT_MS > e.SIGNET_REQUEST_TIMEOUT_MS)
    problems.push(
      `  SIGNET_HEADERS_TIMEOUT_MS: must not exceed SIGNET_REQUEST_TIMEOUT_MS (${e.SIGNET_REQUEST_TIMEOUT_MS})`,
    );
  if (e.SIGNET_CONNECTION_TIMEOUT_MS !== undefined && e.SIGNET_CONNECTION_TIMEOUT_MS <= slowestUpstream)
    problems.push(
      `  SIGNET_CONNECTION_TIMEOUT_MS: must exceed the longest gateway timeout_ms (${slowestUpstream})`,
    );
  if (problems.length > 0) throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
  return {
    requestMs: e.SIGNET_REQUEST_TIMEOUT_MS,
    headersMs:
      e.SIGNET_HEADERS_TIMEOUT_MS ?? Math.min(DEFAULT_HEADERS_TIMEOUT_MS, e.SIGNET_REQUEST_TIMEOUT_MS),
    connectionMs:
      e.SIGNET_CONNECTION_TIMEOUT_MS ??
      Math.max(DEFAULT_CONNECTION_TIMEOUT_MS, slowestUpstream + CONNECTION_TIMEOUT_MARGIN_MS),
    keepAliveMs: e.SIGNET_KEEP_ALIVE_TIMEOUT_MS,
  };
}

const isLoopbackHost = (host: string) =>
  host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);

/**
 * SIGNET_TRUST_PROXY=true believes every X-Forwarded-For, whoever sends it: on a server reachable
 * beyond this host, any client then chooses the address Signet sees (and so passes an IP
 * whitelist, and writes what it likes into the audit log). Null when there is nothing to warn about.
 */
export function trustProxyWarning(config: Pick<Config, 'trustProxy' | 'host'>): string | null {
  if (config.trustProxy !== true || isLoopbackHost(config.host)) return null;
  return (
    `SIGNET_TRUST_PROXY=true trusts X-Forwarded-For from every client, and HOST=${config.host} accepts ` +
    'connections from beyond this host: any client that reaches Signet directly can choose its IP ' +
    "address (and so pass a key's IP whitelist). Name the proxy instead (SIGNET_TRUST_PROXY=10.0.0.5, " +
    'a CIDR, or a hop count), or make Signet reachable only through it.'
  );
}

export function decodeKey(value: string): Buffer | null {
  const v = value.trim();
  if (/^[0-9a-fA-F]{64}$/.test(v)) return Buffer.from(v, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(v)) {
    const buf = Buffer.from(v.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    return buf.length === 32 ? buf : null;
  }
  return null;
}

/** `false`, `true`, a hop count, or a comma-separated list of addresses/CIDRs, as Fastify accepts. */
function parseTrustProxy(value: string): TrustProxy {
  const v = value.trim().toLowerCase();
  if (v === '' || v === 'false' || v === '0' || v === 'no') return false;
  if (v === 'true' || v === 'yes') return true;
  if (/^\d+$/.test(v)) return Number(v);
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * What Fastify's proxy-addr accepts as one trusted range. Checked here because proxy-addr would
 * otherwise throw a bare TypeError while the server is being built, without naming the variable.
 */
function isProxyRange(entry: string): boolean {
  if (PROXY_RANGE_NAMES.has(entry)) return true;
  const slash = entry.lastIndexOf('/');
  if (slash !== -1) {
    const prefix = netmaskPrefix(entry.slice(slash + 1));
    if (prefix !== null) return prefix > 0 && isIPv4(entry.slice(0, slash));
  }
  try {
    // proxy-addr refuses a /0 range (it would trust every address: say `true` for that).
    return parseNetwork(entry).prefix > 0;
  } catch (err) {
    if (err instanceof InvalidNetworkError) return false;
    throw err;
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const relevant = Object.fromEntries(
    Object.entries(env).filter(([k, v]) => k in envSchema.shape && v !== undefined && v !== ''),
  );
  const parsed = envSchema.safeParse(relevant);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.SIGNET_LOGIN_MAX_FAILURES_PER_EMAIL < e.SIGNET_LOGIN_MAX_FAILURES) {
    throw new ConfigError(
      'Invalid configuration:\n  SIGNET_LOGIN_MAX_FAILURES_PER_EMAIL: must be at least SIGNET_LOGIN_MAX_FAILURES',
    );
  }
  const apis = e.SIGNET_CONFIG ? readConfigFile(path.resolve(e.SIGNET_CONFIG), env) : DEFAULT_APIS;
  const publicUrl = (e.SIGNET_PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.SIGNET_DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    masterKey: e.SIGNET_MASTER_KEY ? (decodeKey(e.SIGNET_MASTER_KEY) ?? undefined) : undefined,
    previousMasterKeys: (e.SIGNET_MASTER_KEY_PREVIOUS ?? '')
      .split(',')
      .map((k) => k.trim())
      .filter(Boolean)
      .map((k) => decodeKey(k) as Buffer),
    mode: e.SIGNET_MODE,
    publicUrl,
    trustProxy: parseTrustProxy(e.SIGNET_TRUST_PROXY),
    allowInsecureCallbacks: e.SIGNET_ALLOW_INSECURE_CALLBACKS,
    callbackAllowNetworks: parseNetworkList(e.SIGNET_CALLBACK_ALLOW_NETWORKS),
    sessionIdleMs: e.SIGNET_SESSION_IDLE_MINUTES * 60_000,
    sessionMaxMs: e.SIGNET_SESSION_MAX_HOURS * 3_600_000,
    stepUpMs: e.SIGNET_STEP_UP_MINUTES * 60_000,
    require2fa: e.SIGNET_REQUIRE_2FA,
    bodyLimitBytes: e.SIGNET_BODY_LIMIT_BYTES,
    loginThrottle: {
      maxFailures: e.SIGNET_LOGIN_MAX_FAILURES,
      windowMs: e.SIGNET_LOGIN_WINDOW_SECONDS * 1000,
      maxFailuresPerEmail: e.SIGNET_LOGIN_MAX_FAILURES_PER_EMAIL,
      maxFailuresPerIp: e.SIGNET_LOGIN_MAX_FAILURES_PER_IP,
    },
    signupLimits: { perIpPerHour: e.SIGNET_SIGNUP_PER_IP_PER_HOUR, perHour: e.SIGNET_SIGNUP_PER_HOUR },
    timeouts: timeoutsOf(e, apis),
    maxConnectionsPerIp: e.SIGNET_MAX_CONNECTIONS_PER_IP,
    runWorker: e.SIGNET_WORKER,
    workerConcurrency: e.SIGNET_WORKER_CONCURRENCY,
    smtpUrl: e.SIGNET_SMTP_URL,
    smtpFrom: e.SIGNET_SMTP_FROM,
    logLevel: e.SIGNET_LOG_LEVEL,
    workerMetricsPort: e.SIGNET_WORKER_METRICS_PORT === 'off' ? null : e.SIGNET_WORKER_METRICS_PORT,
    apis,
    maxApiKeysPerAccount: e.SIGNET_MAX_API_KEYS_PER_ACCOUNT,
    maxPendingInvitations: e.SIGNET_MAX_PENDING_INVITATIONS,
    invitationsPerHour: e.SIGNET_INVITATIONS_PER_HOUR,
  };
}

function readConfigFile(file: string, env: NodeJS.ProcessEnv): ApisConfig {
  try {
    return loadConfigFile(file, env);
  } catch (err) {
    if (err instanceof ConfigFileError) throw new ConfigError(`SIGNET_CONFIG: ${err.message}`);
    throw err;
  }
}
