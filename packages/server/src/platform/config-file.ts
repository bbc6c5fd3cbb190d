import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

/**
 * The config file (`SIGNET_CONFIG`): the permission catalogue, the APIs Signet fronts as a gateway,
 * and where the built-in Cryptopay sandbox is mounted. Read once at start; a change needs a restart.
 * Every key is checked (unknown keys are errors), so a typo fails at start with the field's path.
 */

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** Paths Signet itself answers; no API may be mounted on or under them. */
const RESERVED_MOUNTS = ['/dashboard', '/platform', '/healthz', '/metrics', '/openapi.json', '/assets'];

const SEGMENT = "[A-Za-z0-9._~!$&'()+,;=@-]+";
const mountPath = z
  .string()
  .regex(new RegExp(`^(/${SEGMENT})+$`), 'expected a path such as /v1: segments after "/", no trailing slash')
  .refine((m) => !m.split('/').some((s) => s === '.' || s === '..'), 'must not contain . or .. segments')
  .refine(
    (m) => !RESERVED_MOUNTS.some((r) => m === r || m.startsWith(`${r}/`)),
    `must not be ${RESERVED_MOUNTS.join(', ')} or below them (Signet serves those itself)`,
  );

const permissionId = z
  .string()
  .regex(
    /^[a-z0-9_.-]+(:[a-z0-9_.-]+)*$/,
    'expected an id such as orders:read (lower-case letters, digits, _ . -, parts joined by ":")',
  )
  .max(100);

const routePath = z
  .string()
  .regex(
    new RegExp(`^(/(${SEGMENT}))*(/\\*)?$|^/$`),
    'expected a path such as /orders or /orders/* (literal segments; * only as the last segment)',
  )
  .refine((p) => !p.split('/').some((s) => s === '.' || s === '..'), 'must not contain . or .. segments');

const routeRule = z.strictObject({
  method: z
    .string()
    .transform((m) => m.toUpperCase())
    .pipe(z.enum(HTTP_METHODS, { error: `expected one of ${HTTP_METHODS.join(', ')}` })),
  path: routePath,
  permission: z.union([z.literal('public'), permissionId]),
});

const upstreamUrl = z
  .string()
  .refine((v) => URL.canParse(v), 'expected an absolute http:// or https:// URL')
  .transform((v) => new URL(v))
  .refine((u) => u.protocol === 'http:' || u.protocol === 'https:', 'expected an http:// or https:// URL')
  .refine((u) => u.search === '' && u.hash === '', 'must not carry a query or fragment')
  .refine((u) => u.username === '' && u.password === '', 'must not carry credentials');

const MIN_SECRET = 32;

const apiEntry = z.strictObject({
  name: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'expected a name such as orders (lower-case letters, digits, _ -)'),
  mount: mountPath,
  upstream: upstreamUrl,
  /** The gateway secret the upstream verifies X-Signet-Signature with. */
  secret: z.string().min(MIN_SECRET, `must be at least ${MIN_SECRET} characters`).optional(),
  /** Or the name of an environment variable holding it, to keep it out of the file. */
  secret_env: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an environment variable name')
    .optional(),
  forward_authorization: z.boolean().default(false),
  timeout_ms: z.number().int().min(1).max(600_000).default(30_000),
  connections: z.number().int().min(1).max(10_000).default(128),
  routes: z.array(routeRule).min(1, 'expected at least one route rule'),
});

const fileSchema = z.strictObject({
  permissions: z
    .array(z.strictObject({ id: permissionId, description: z.string().trim().min(1).max(200) }))
    .default([]),
  apis: z.array(apiEntry).default([]),
  cryptopay_sandbox: z
    .strictObject({ enabled: z.boolean().default(true), mount: mountPath.default('/api') })
    .default({ enabled: true, mount: '/api' }),
});

export interface RouteRule {
  method: HttpMethod;
  path: string;
  permission: string;
}

export interface GatewayApi {
  name: string;
  mount: string;
  upstream: URL;
  secret: string;
  forwardAuthorization: boolean;
  timeoutMs: number;
  connections: number;
  routes: RouteRule[];
}

export interface ApisConfig {
  /** Where the config came from (a file path), or null for the built-in default. */
  source: string | null;
  permissions: { id: string; description: string }[];
  gateways: GatewayApi[];
  cryptopaySandbox: { enabled: boolean; mount: string };
}

export const DEFAULT_APIS: ApisConfig = {
  source: null,
  permissions: [],
  gateways: [],
  cryptopaySandbox: { enabled: true, mount: '/api' },
};

export class ConfigFileError extends Error {}

/** `apis[0].routes[1].permission`, the way a person reads a config file. */
export function fieldPath(segments: readonly PropertyKey[]): string {
  let out = '';
  for (const s of segments)
    out += typeof s === 'number' ? `[${s}]` : out === '' ? String(s) : `.${String(s)}`;
  return out || '(top level)';
}

function parseDocument(file: string, text: string): unknown {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.json') return JSON.parse(text) as unknown;
  if (ext === '.yaml' || ext === '.yml') return parseYaml(text, { prettyErrors: true }) as unknown;
  throw new Error(`unsupported extension "${ext}": expected .yaml, .yml or .json`);
}

const overlaps = (a: string, b: string) => a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);

/**
 * Reads and validates the config file. Every problem found is listed, each as
 * `<field path>: <what was expected>`, in one ConfigFileError naming the file.
 */
export function loadConfigFile(file: string, env: NodeJS.ProcessEnv): ApisConfig {
  const fail = (lines: string[]): never => {
    throw new ConfigFileError(`Invalid config file ${file}:\n${lines.map((l) => `  ${l}`).join('\n')}`);
  };
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    return fail([`cannot be read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`]);
  }
  let doc: unknown;
  try {
    doc = parseDocument(file, text);
  } catch (err) {
    return fail([`(document): ${(err as Error).message.split('\n')[0]}`]);
  }
  const parsed = fileSchema.safeParse(doc ?? {});
  if (!parsed.success) return fail(parsed.error.issues.map((i) => `${fieldPath(i.path)}: ${i.message}`));
  const data = parsed.data;
  const problems: string[] = [];

  const ids = new Set<string>();
  data.permissions.forEach((p, i) => {
    if (ids.has(p.id)) problems.push(`permissions[${i}].id: "${p.id}" is declared twice`);
    ids.add(p.id);
  });

  const mounts: { mount: string; field: string }[] = [];
  if (data.cryptopay_sandbox.enabled)
    mounts.push({ mount: data.cryptopay_sandbox.mount, field: 'cryptopay_sandbox.mount' });
  const names = new Set<string>();
  const gateways: GatewayApi[] = data.apis.map((api, a) => {
    const at = `apis[${a}]`;
    if (names.has(api.name)) problems.push(`${at}.name: "${api.name}" is used by another API`);
    names.add(api.name);
    for (const other of mounts)
      if (overlaps(api.mount, other.mount))
        problems.push(`${at}.mount: "${api.mount}" overlaps ${other.field} "${other.mount}"`);
    mounts.push({ mount: api.mount, field: `${at}.mount` });

    let secret = api.secret ?? '';
    if ((api.secret === undefined) === (api.secret_env === undefined))
      problems.push(`${at}.secret: expected exactly one of secret or secret_env`);
    else if (api.secret_env !== undefined) {
      secret = env[api.secret_env] ?? '';
      if (secret.length < MIN_SECRET)
        problems.push(
          `${at}.secret_env: environment variable ${api.secret_env} must hold at least ${MIN_SECRET} characters` +
            (secret === '' ? ' (it is not set)' : ''),
        );
    }

    const seen = new Set<string>();
    api.routes.forEach((r, i) => {
      const key = `${r.method} ${r.path}`;
      if (seen.has(key)) problems.push(`${at}.routes[${i}]: ${key} is declared twice`);
      seen.add(key);
      if (r.permission !== 'public' && !ids.has(r.permission))
        problems.push(
          `${at}.routes[${i}].permission: unknown permission "${r.permission}"; expected "public" or an id declared under permissions`,
        );
    });
    return {
      name: api.name,
      mount: api.mount,
      upstream: api.upstream,
      secret,
      forwardAuthorization: api.forward_authorization,
      timeoutMs: api.timeout_ms,
      connections: api.connections,
      routes: api.routes,
    };
  });
  if (problems.length > 0) fail(problems);
  return {
    source: file,
    permissions: data.permissions,
    gateways,
    cryptopaySandbox: data.cryptopay_sandbox,
  };
}
