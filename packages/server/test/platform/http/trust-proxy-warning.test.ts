import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, trustProxyWarning } from '../../../src/platform/config.js';

const cli = path.resolve(import.meta.dirname, '../../../src/cli.ts');

/**
 * Regression (issue 13, finding 9): SIGNET_TRUST_PROXY=true believes X-Forwarded-For from anyone,
 * so on a server others can reach, every client chooses its address (and passes an IP whitelist).
 * Signet said nothing about it. Now `signet serve` warns at start-up.
 */
describe('trustProxyWarning', () => {
  const warn = (env: Record<string, string>) => trustProxyWarning(loadConfig(env));

  it('warns when every proxy is trusted and Signet listens beyond loopback', () => {
    for (const host of ['0.0.0.0', '::', '10.1.2.3', 'signet.internal'])
      expect(warn({ SIGNET_TRUST_PROXY: 'true', HOST: host }), host).toMatch(
        /X-Forwarded-For from every client/,
      );
    expect(warn({ SIGNET_TRUST_PROXY: 'yes', HOST: '0.0.0.0' })).not.toBeNull();
  });

  it('is silent on loopback, and when the proxies are named or counted', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1'])
      expect(warn({ SIGNET_TRUST_PROXY: 'true', HOST: host }), host).toBeNull();
    for (const trust of ['false', '1', '10.0.0.5', 'loopback,10.0.0.0/8'])
      expect(warn({ SIGNET_TRUST_PROXY: trust, HOST: '0.0.0.0' }), trust).toBeNull();
    expect(warn({ HOST: '0.0.0.0' })).toBeNull();
  });
});

describe('signet serve with SIGNET_TRUST_PROXY=true on 0.0.0.0', () => {
  it('logs the warning at start-up', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'signet-trust-'));
    const proc = spawn(process.execPath, ['--import', 'tsx', cli, 'serve'], {
      env: {
        ...process.env,
        SIGNET_DATA_DIR: dataDir,
        SIGNET_LOG_LEVEL: 'warn',
        SIGNET_WORKER: 'false',
        SIGNET_TRUST_PROXY: 'true',
        HOST: '0.0.0.0',
        PORT: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    try {
      const line = await new Promise<Record<string, unknown>>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no warning within 20 s: ${out}`)), 20_000);
        const onData = (chunk: Buffer) => {
          out += chunk.toString('utf8');
          for (const text of out.split('\n')) {
            if (!text.includes('SIGNET_TRUST_PROXY=true')) continue;
            clearTimeout(timer);
            resolve(JSON.parse(text) as Record<string, unknown>);
          }
        };
        proc.stdout.on('data', onData);
        proc.stderr.on('data', onData);
        proc.on('exit', (code) => reject(new Error(`signet exited (${code}): ${out}`)));
      });
      expect(line.level).toBe(40); // pino's warn
      expect(line.msg).toMatch(/any client that reaches Signet directly can choose its IP address/);
    } finally {
      proc.kill('SIGKILL');
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
