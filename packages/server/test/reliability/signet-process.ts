import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { pgQuery, pgUrlWithSchema } from '../support/test-app.js';

/** The built CLI, as an operator runs it (`npm run test:reliability` builds first). */
export const CLI = path.resolve(import.meta.dirname, '../../dist/cli.js');
export const PG_URL = process.env.TEST_DATABASE_URL || undefined;

export interface Storage {
  env: Record<string, string>;
  cleanup(): Promise<void>;
  dataDir: string;
}

/** A data directory, plus (on PostgreSQL) a fresh schema reached through the URL's search_path. */
export async function freshStorage(): Promise<Storage> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'signet-rel-'));
  const env: Record<string, string> = { SIGNET_DATA_DIR: dataDir };
  let schema: string | undefined;
  if (PG_URL) {
    schema = `r_${randomBytes(6).toString('hex')}`;
    await pgQuery(`create schema ${schema}`);
    env.DATABASE_URL = pgUrlWithSchema(PG_URL, schema);
  }
  return {
    env,
    dataDir,
    async cleanup() {
      if (schema) await pgQuery(`drop schema if exists ${schema} cascade`);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export { pgQuery };

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export interface SignetProcess {
  proc: ChildProcess;
  url: string;
  output: () => string;
  kill(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts `signet <command>` and, for `serve`, waits until /healthz answers. */
export async function startSignet(
  command: 'serve' | 'worker',
  env: Record<string, string>,
  port?: number,
): Promise<SignetProcess> {
  const p = port ?? (await freePort());
  let out = '';
  const proc = spawn(process.execPath, [CLI, command], {
    env: { ...process.env, SIGNET_LOG_LEVEL: 'warn', ...env, PORT: String(p), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${p}`;
  if (command === 'serve') {
    const deadline = Date.now() + 20_000;
    for (;;) {
      if (proc.exitCode !== null) throw new Error(`signet exited early: ${out}`);
      try {
        if ((await fetch(`${url}/healthz`)).ok) break;
      } catch {
        /* not listening yet */
      }
      if (Date.now() > deadline) throw new Error(`signet did not start: ${out}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    proc,
    url,
    output: () => out,
    async kill(signal: NodeJS.Signals = 'SIGKILL') {
      if (proc.exitCode === null) proc.kill(signal);
      return exited;
    },
  };
}

/** A dashboard session over real HTTP. */
export class HttpSession {
  cookie = '';
  csrf = '';
  constructor(readonly baseUrl: string) {}

  async request(method: string, url: string, body?: unknown) {
    const res = await fetch(`${this.baseUrl}/dashboard/api${url}`, {
      method,
      headers: {
        cookie: this.cookie,
        'x-csrf-token': this.csrf,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie?.startsWith('signet_session=')) this.cookie = setCookie.split(';')[0]!;
    const text = await res.text();
    const json = text ? JSON.parse(text) : undefined;
    if (json?.csrf_token) this.csrf = json.csrf_token;
    return { status: res.status, json };
  }
}
