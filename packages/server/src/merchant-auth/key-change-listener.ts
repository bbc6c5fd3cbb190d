import type { FastifyBaseLogger } from 'fastify';
import { sql } from 'kysely';
import pg from 'pg';
import type { AppContext } from '../context.js';
import { channelSql, decodeKeyChange, type KeyChange } from '../keys/key-change-notice.js';

export interface KeyChangeListener {
  close(): Promise<void>;
}

const RECONNECT_DELAY_MS = 1000;

/**
 * LISTENs for key changes made by other instances on a dedicated PostgreSQL connection (a pooled
 * one would lose the LISTEN when returned). Whenever the connection is lost or (re)established,
 * notifications may have been missed, so `onGap` tells the cache to forget everything.
 * On SQLite there are no other instances to hear from; the cache's bounded staleness covers the CLI.
 */
export async function listenForKeyChanges(
  ctx: AppContext,
  onChange: (change: KeyChange) => void,
  onGap: () => void,
  log: FastifyBaseLogger,
): Promise<KeyChangeListener> {
  const url = ctx.config.databaseUrl;
  if (ctx.db.dialect !== 'postgres' || !url) return { close: async () => undefined };
  const { rows } = await sql<{ channel: string }>`select ${channelSql} as channel`.execute(ctx.db.kysely);
  const channel = rows[0]!.channel;
  if (!/^[a-z0-9_]+$/.test(channel)) throw new Error(`unexpected notification channel ${channel}`);

  let closed = false;
  let client: pg.Client | null = null;
  let retry: NodeJS.Timeout | null = null;

  const scheduleReconnect = () => {
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = null;
      void connect();
    }, RECONNECT_DELAY_MS);
    retry.unref();
  };

  async function connect(): Promise<void> {
    const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
    client = c;
    let lost = false;
    const onLost = () => {
      if (lost) return;
      lost = true;
      onGap();
      if (client === c) client = null;
      void c.end().catch(() => undefined);
      scheduleReconnect();
    };
    c.on('error', onLost);
    c.on('end', onLost);
    c.on('notification', (msg) => {
      if (msg.channel !== channel || msg.payload === undefined) return;
      const change = decodeKeyChange(msg.payload);
      if (change) onChange(change);
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${channel}`);
      if (closed) return void (await c.end().catch(() => undefined));
      onGap();
    } catch (err) {
      if (!closed)
        log.warn({ err: { message: (err as Error).message } }, 'key change listener failed to connect');
      onLost();
    }
  }

  await connect();
  return {
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      const c = client;
      client = null;
      if (c) {
        c.removeAllListeners('end');
        c.removeAllListeners('error');
        c.on('error', () => undefined);
        await c.end().catch(() => undefined);
      }
    },
  };
}
