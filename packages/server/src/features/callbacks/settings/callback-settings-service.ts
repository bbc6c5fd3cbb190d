import type { Actor } from '../../../platform/audit/audit-log.js';
import type { AppContext } from '../../../platform/context.js';
import { tx } from '../../../platform/db/tx.js';
import { fieldError } from '../../../platform/http/errors.js';
import { readCallbackSecret, replaceCallbackSecret } from './callback-secret.js';
import { findCallbackUrl, updateCallbackUrl } from './callback-settings-store.js';
import { checkCallbackUrl } from './callback-url.js';

interface Who {
  accountId: string;
  actor: Actor;
  ip: string;
}

export const getCallbackUrl = (ctx: AppContext, accountId: string) =>
  findCallbackUrl(ctx.db.kysely, accountId);

/** Sets (or, with null or blank, clears) the URL; plain http only in sandbox mode or when allowed. */
export async function setCallbackUrl(
  ctx: AppContext,
  who: Who,
  requested: string | null,
): Promise<string | null> {
  const allowHttp = ctx.config.mode === 'sandbox' || ctx.config.allowInsecureCallbacks;
  let url: string | null = null;
  if (requested !== null && requested.trim() !== '') {
    const check = checkCallbackUrl(requested, allowHttp);
    if (!check.ok) throw fieldError('callback_url', check.message);
    url = check.url;
  }
  await tx(ctx, async (t) => {
    await updateCallbackUrl(t.db, who.accountId, url, t.now.toISOString());
    await t.audit({ ...who, action: 'callback_url.changed', target: url ?? '(none)' });
  });
  return url;
}

/** The secret, decrypted; every reveal is audited. */
export async function revealCallbackSecret(ctx: AppContext, who: Who): Promise<string> {
  return tx(ctx, async (t) => {
    const secret = await readCallbackSecret(ctx, who.accountId, t.db);
    await t.audit({ ...who, action: 'callback_secret.viewed' });
    return secret;
  });
}

export async function regenerateCallbackSecret(ctx: AppContext, who: Who): Promise<string> {
  return tx(ctx, async (t) => {
    const secret = await replaceCallbackSecret(ctx, who.accountId, t.db);
    await t.audit({ ...who, action: 'callback_secret.regenerated' });
    return secret;
  });
}
