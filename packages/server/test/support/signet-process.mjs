// Starting a real signet process on 127.0.0.1 and waiting until it serves. Plain JavaScript so
// that both outer suites share it: the reliability tests (test/reliability/signet-process.ts, the
// built CLI) and the benchmarks (bench/lib/env.mjs, bench-server.mjs). Types: signet-process.d.mts.
import { spawn } from 'node:child_process';
import net from 'node:net';

/** A port that was free a moment ago on 127.0.0.1 (the OS picks it). */
export async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/**
 * Spawns `cmd args` with `env` over the caller's environment (logs at warn unless said otherwise,
 * PORT and HOST=127.0.0.1 always set here) and collects its stdout and stderr. With waitForHealth
 * it resolves once GET /healthz answers 2xx, and rejects, with the output so far, if the process
 * exits first or startTimeoutMs passes (the process is killed then).
 */
export async function spawnSignet({
  cmd = process.execPath,
  args,
  env = {},
  port,
  cwd,
  waitForHealth = true,
  startTimeoutMs = 20_000,
}) {
  const p = port ?? (await freePort());
  let out = '';
  const proc = spawn(cmd, args, {
    cwd,
    env: { ...process.env, SIGNET_LOG_LEVEL: 'warn', ...env, PORT: String(p), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout.on('data', (d) => (out += d));
  proc.stderr.on('data', (d) => (out += d));
  const exited = new Promise((resolve) => proc.on('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${p}`;

  const kill = async (signal = 'SIGKILL') => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
    return exited;
  };

  if (waitForHealth) {
    const deadline = Date.now() + startTimeoutMs;
    for (;;) {
      if (proc.exitCode !== null || proc.signalCode !== null) throw new Error(`signet exited early: ${out}`);
      try {
        if ((await fetch(`${url}/healthz`)).ok) break;
      } catch {
        /* not listening yet */
      }
      if (Date.now() > deadline) {
        await kill();
        throw new Error(`signet did not start within ${startTimeoutMs} ms: ${out}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  return {
    proc,
    port: p,
    url,
    output: () => out,
    kill,
    /** SIGTERM (a graceful close), then SIGKILL if it has not exited after graceMs. */
    async stop(graceMs = 10_000) {
      const timer = setTimeout(() => void kill('SIGKILL'), graceMs);
      try {
        return await kill('SIGTERM');
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
