import { Command } from 'commander';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { tokensCommand } from '../../../src/features/platform/tokens.cli.js';
import type { CliContext } from '../../../src/platform/feature.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { platformRequest } from './platform-test-kit.js';

// The commands run in this process on the test's own context (the built CLI is exercised by the
// reliability suites): what they print, what they store, how they fail.
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());
afterEach(() => vi.restoreAllMocks());

class Exit extends Error {
  constructor(readonly code: number | undefined) {
    super(`exit ${code}`);
  }
}

async function signet(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  const cli: CliContext = { config: () => t.config, withContext: (fn) => fn(t.ctx) };
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  vi.spyOn(process, 'exit').mockImplementation((code) => {
    throw new Exit(code as number | undefined);
  });
  const program = new Command().exitOverride().addCommand(tokensCommand(cli));
  try {
    await program.parseAsync(['node', 'signet', 'tokens', ...args]);
    return { stdout, stderr, code: 0 };
  } catch (err) {
    if (err instanceof Exit) return { stdout, stderr, code: err.code ?? 0 };
    stderr += (err as Error).message;
    return { stdout, stderr, code: 1 };
  } finally {
    vi.restoreAllMocks();
  }
}

describe('signet tokens', () => {
  it('create --json prints the token once; list never shows it; revoke ends it', async () => {
    const created = await signet(
      'create',
      '--name',
      'billing-backend',
      '--scopes',
      'accounts:read,verify',
      '--json',
    );
    expect(created.code).toBe(0);
    const token = JSON.parse(created.stdout) as { id: string; name: string; scopes: string[]; token: string };
    expect(Object.keys(token).sort()).toEqual(['id', 'name', 'scopes', 'token']);
    expect(token).toMatchObject({ name: 'billing-backend', scopes: ['accounts:read', 'verify'] });
    expect((await platformRequest(t, token.token, 'GET', '/accounts')).statusCode).toBe(200);

    const listed = await signet('list', '--json');
    expect(listed.stdout).not.toContain(token.token);
    const rows = JSON.parse(listed.stdout) as { id: string; revoked_at: string | null }[];
    expect(rows.find((r) => r.id === token.id)).toMatchObject({ revoked_at: null });
    const plain = await signet('list');
    expect(plain.stdout).toContain(token.id);
    expect(plain.stdout).not.toContain(token.token);

    const revoked = await signet('revoke', token.id);
    expect(revoked).toMatchObject({ code: 0, stdout: `token ${token.id} is revoked\n` });
    expect((await platformRequest(t, token.token, 'GET', '/accounts')).statusCode).toBe(401);
    expect((await signet('list')).stdout).toMatch(new RegExp(`${token.id}\\s+revoked`));
  });

  it('create without --json prints the token and a warning that it is shown once', async () => {
    const res = await signet('create', '--name', 'ops', '--scopes', 'portal');
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/sgt_[A-Za-z0-9_-]{32}/);
    expect(res.stdout).toContain('shown only now');
  });

  it('an unknown scope exits 2 naming it, and creates nothing', async () => {
    const before = (await t.ctx.db.kysely.selectFrom('service_tokens').select('id').execute()).length;
    const res = await signet('create', '--name', 'x', '--scopes', 'accounts:read,accounts:nuke');
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('accounts:nuke');
    const after = (await t.ctx.db.kysely.selectFrom('service_tokens').select('id').execute()).length;
    expect(after).toBe(before);
  });

  it('revoking an unknown id fails', async () => {
    const res = await signet('revoke', 'no-such-id');
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('no service token with id no-such-id');
  });
});
