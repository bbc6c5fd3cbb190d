import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sandboxRegistry } from '../../../../src/features/merchant/index.js';
import { invoice } from '../../../../src/features/merchant/invoices/invoice.schemas.js';
import { sandboxCommand } from '../../../../src/features/merchant/simulation/sandbox.cli.js';
import type { CliContext } from '../../../../src/platform/feature.js';
import { startTestApp, type TestApp } from '../../../support/test-app.js';
import { newMerchant, type Merchant } from '../merchant-fixture.js';

// `signet sandbox …` in this process on the test's own context, as tokens-cli.test.ts runs its
// command: what it prints, what it changes, how it refuses.
let t: TestApp;
let m: Merchant;
beforeAll(async () => {
  t = await startTestApp();
  m = await newMerchant(t);
});
afterAll(() => t.close());

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
  const program = new Command().exitOverride().addCommand(sandboxCommand(cli, sandboxRegistry));
  try {
    await program.parseAsync(['node', 'signet', 'sandbox', ...args]);
    return { stdout, stderr, code: 0 };
  } catch (err) {
    if (err instanceof Exit) return { stdout, stderr, code: err.code ?? 0 };
    stderr += (err as Error).message;
    return { stdout, stderr, code: 1 };
  } finally {
    vi.restoreAllMocks();
  }
}

const outbox = async (accountId: string) =>
  (
    await t.ctx.db.kysely
      .selectFrom('callbacks')
      .select(['body'])
      .where('account_id', '=', accountId)
      .orderBy('seq')
      .execute()
  ).map((r) => JSON.parse(r.body) as { type: string; event: string; data: { id: string; status: string } });

describe('signet sandbox', () => {
  it('simulate moves an invoice, prints it as the API would, and queues its callbacks', async () => {
    const created = (
      await m.call('POST', '/api/invoices', {
        price_amount: '10',
        price_currency: 'EUR',
        pay_currency: 'BTC',
      })
    ).json().data;
    const run = await signet(
      'simulate',
      'invoice',
      created.id,
      'underpaid',
      '--account',
      m.accountId,
      '--json',
    );
    expect(run.code, run.stderr).toBe(0);
    const printed = invoice.strict().parse(JSON.parse(run.stdout));
    expect([printed.status, printed.status_context]).toEqual(['unresolved', 'underpaid']);
    expect((await m.call('GET', `/api/invoices/${created.id}`)).json().data.status).toBe('unresolved');
    const events = (await outbox(m.accountId)).filter((e) => e.data.id === created.id).map((e) => e.event);
    expect(events).toEqual(expect.arrayContaining(['created', 'transaction_created', 'status_changed']));
  });

  it('trigger creates what the event needs and fires that callback', async () => {
    const before = (await outbox(m.accountId)).length;
    const run = await signet('trigger', 'ChannelPayment.completed', '--account', m.accountId);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe('ChannelPayment.completed fired\n');
    const fresh = (await outbox(m.accountId)).slice(before);
    expect(fresh.map((e) => `${e.type}.${e.event}`)).toContain('ChannelPayment.completed');
  });

  it('every registered trigger fires its own event', async () => {
    for (const trigger of sandboxRegistry.triggers) {
      const other = await newMerchant(t);
      const run = await signet('trigger', trigger.event, '--account', other.accountId);
      expect(run.code, `${trigger.event}: ${run.stderr}`).toBe(0);
      const fired = (await outbox(other.accountId)).map((e) => `${e.type}.${e.event}`);
      expect(fired, trigger.event).toContain(trigger.event);
    }
  });

  it('refuses unknown resources, states, events and accounts with exit 2, and forbidden moves with exit 1', async () => {
    const created = (
      await m.call('POST', '/api/invoices', {
        price_amount: '10',
        price_currency: 'EUR',
        pay_currency: 'BTC',
      })
    ).json().data;
    const unknownResource = await signet('simulate', 'planet', created.id, 'paid', '--account', m.accountId);
    expect([unknownResource.code, unknownResource.stderr]).toEqual([
      2,
      expect.stringContaining('unknown resource planet'),
    ]);
    const badState = await signet('simulate', 'invoice', created.id, 'exploded', '--account', m.accountId);
    expect([badState.code, badState.stderr]).toEqual([
      2,
      expect.stringContaining('cannot be moved to exploded'),
    ]);
    const badEvent = await signet('trigger', 'Invoice.exploded', '--account', m.accountId);
    expect([badEvent.code, badEvent.stderr]).toEqual([2, expect.stringContaining('unknown event')]);
    const noAccount = await signet(
      'trigger',
      'Invoice.created',
      '--account',
      '00000000-0000-4000-8000-000000000000',
    );
    expect([noAccount.code, noAccount.stderr]).toEqual([2, expect.stringContaining('no account')]);
    const badOption = await signet(
      'simulate',
      'invoice',
      created.id,
      'paid',
      'amount',
      '--account',
      m.accountId,
    );
    expect(badOption.code).toBe(2);

    expect(
      (await signet('simulate', 'invoice', created.id, 'cancelled', '--account', m.accountId)).code,
    ).toBe(0);
    const forbidden = await signet('simulate', 'invoice', created.id, 'paid', '--account', m.accountId);
    expect(forbidden.code).toBe(1);
    expect(forbidden.stderr).toMatch(/^signet: /);
    expect((await m.call('GET', `/api/invoices/${created.id}`)).json().data.status).toBe('cancelled');
  });
});
