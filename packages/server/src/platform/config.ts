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
  SIGNET_BODY_LIMIT_BYTES: positiveInt.default(1024 * 1024),
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
  bodyLimitBytes: number;
  runWorker: boolean;
  workerConcurrency: number;
  smtpUrl: string | undefined;
  smtpFrom: string;
  logLevel: string;
  /** `signet worker`'s /metrics listener; null = none. */
  workerMetricsPort: number | null;
  /** From the SIGNET_CONFIG file, or the default: the Cryptopay sandbox alone at /api. */
  apis: ApisConfig;
}

export class ConfigError extends Error {}

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
    bodyLimitBytes: e.SIGNET_BODY_LIMIT_BYTES,
    runWorker: e.SIGNET_WORKER,
    workerConcurrency: e.SIGNET_WORKER_CONCURRENCY,
    smtpUrl: e.SIGNET_SMTP_URL,
    smtpFrom: e.SIGNET_SMTP_FROM,
    logLevel: e.SIGNET_LOG_LEVEL,
    workerMetricsPort: e.SIGNET_WORKER_METRICS_PORT === 'off' ? null : e.SIGNET_WORKER_METRICS_PORT,
    apis: e.SIGNET_CONFIG ? readConfigFile(path.resolve(e.SIGNET_CONFIG), env) : DEFAULT_APIS,
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
