import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { spawnSignet, type SignetProcess } from '../support/signet-process.mjs';
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
export { freePort, type SignetProcess } from '../support/signet-process.mjs';

/** Starts `signet <command>` and, for `serve`, waits until /healthz answers. */
export async function startSignet(
  command: 'serve' | 'worker',
  env: Record<string, string>,
  port?: number,
): Promise<SignetProcess> {
  return spawnSignet({ args: [CLI, command], env, port, waitForHealth: command === 'serve' });
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
