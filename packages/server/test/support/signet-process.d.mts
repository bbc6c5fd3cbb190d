import type { ChildProcess } from 'node:child_process';

export function freePort(): Promise<number>;

export interface SpawnSignetOptions {
  /** Defaults to this Node binary. */
  cmd?: string;
  args: string[];
  /** Added over process.env; PORT and HOST are always set by spawnSignet. */
  env?: Record<string, string>;
  /** Defaults to a free port. */
  port?: number;
  cwd?: string;
  /** Wait until GET /healthz answers (true by default; false for `signet worker`). */
  waitForHealth?: boolean;
  startTimeoutMs?: number;
}

export interface SignetProcess {
  proc: ChildProcess;
  port: number;
  url: string;
  output(): string;
  /** Sends `signal` (SIGKILL by default) unless the process has exited; resolves to its exit code. */
  kill(signal?: NodeJS.Signals): Promise<number | null>;
  /** SIGTERM, then SIGKILL after graceMs (10 s by default); resolves to the exit code. */
  stop(graceMs?: number): Promise<number | null>;
}

export function spawnSignet(options: SpawnSignetOptions): Promise<SignetProcess>;
