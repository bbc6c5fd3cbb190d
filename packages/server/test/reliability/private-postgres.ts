import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './signet-process.js';

/**
 * A throw-away PostgreSQL cluster of our own (never the shared one on :5432): initdb into a temp
 * dir, trust auth, 127.0.0.1 on a free port. Tests may stop and start it at will.
 */
export interface PrivatePostgres {
  url: string;
  port: number;
  stop(mode?: 'fast' | 'immediate'): void;
  start(): void;
  /** SIGSTOP / SIGCONT every process of this cluster (by pid): a server that stops answering. */
  freeze(): void;
  thaw(): void;
  destroy(): void;
  log(): string;
}

export function findPgBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return undefined;
  const versions = fs
    .readdirSync(root)
    .filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(root, versions[0], 'bin') : undefined;
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = findPgBin();
  if (!bin) throw new Error('no PostgreSQL binaries under /usr/lib/postgresql/*/bin');
  const asRoot = process.getuid?.() === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signet-pg-'));
  const data = path.join(dir, 'data');
  const logFile = path.join(dir, 'postgres.log');
  fs.mkdirSync(data, { mode: 0o700 });
  if (asRoot) execFileSync('chown', ['-R', 'postgres:postgres', dir]);
  const run = (cmd: string, args: string[], timeout = 60_000) =>
    asRoot
      ? execFileSync('runuser', ['-u', 'postgres', '--', path.join(bin, cmd), ...args], {
          stdio: 'pipe',
          timeout,
        })
      : execFileSync(path.join(bin, cmd), args, { stdio: 'pipe', timeout });
  const port = await freePort();
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100`;
  let running = false;
  let frozen: number[] = [];
  const clusterPids = (): number[] => {
    const pidFile = path.join(data, 'postmaster.pid');
    if (!fs.existsSync(pidFile)) return [];
    const master = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
    const children = execFileSync('ps', ['--ppid', String(master), '-o', 'pid='], { timeout: 10_000 })
      .toString()
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
    return [master, ...children];
  };
  const pg: PrivatePostgres = {
    freeze() {
      frozen = clusterPids();
      for (const pid of frozen) process.kill(pid, 'SIGSTOP');
    },
    thaw() {
      for (const pid of frozen)
        try {
          process.kill(pid, 'SIGCONT');
        } catch {
          /* exited meanwhile */
        }
      frozen = [];
    },
    port,
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start() {
      run('pg_ctl', ['-D', data, '-o', opts, '-l', logFile, '-w', '-t', '30', 'start']);
      running = true;
    },
    stop(mode = 'fast') {
      run('pg_ctl', ['-D', data, '-m', mode, '-w', '-t', '30', 'stop']);
      running = false;
    },
    destroy() {
      pg.thaw();
      try {
        if (running || fs.existsSync(path.join(data, 'postmaster.pid'))) pg.stop('immediate');
      } catch {
        /* already stopped */
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
    log: () => (fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : ''),
  };
  try {
    pg.start();
  } catch (err) {
    pg.destroy();
    throw err;
  }
  return pg;
}
