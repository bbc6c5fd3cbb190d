import { z } from 'zod';
import { recordAudit } from '../../../platform/audit/audit-log.js';
import type { AppContext } from '../../../platform/context.js';
import { fieldError } from '../../../platform/http/errors.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import { sessionOf } from '../../sessions/index.js';
import { actorOf } from '../../users/index.js';
import { readCallbackSecret, replaceCallbackSecret } from './callback-secret.js';
import { checkCallbackUrl } from './callback-url.js';

const putBody = z.object({ callback_url: z.string().max(4096).nullable() });
const tags = ['integration'];

export function callbackSettingsRoutes(app: ZodApp, ctx: AppContext) {
  const allowHttp = ctx.config.mode === 'sandbox' || ctx.config.allowInsecureCallbacks;

  app.get(
    '/callback-settings',
    { schema: { tags, summary: 'The callback URL' }, config: { access: 'integration' } },
    async (request) => {
      const row = await ctx.db.kysely
        .selectFrom('accounts')
        .select('callback_url')
        .where('id', '=', sessionOf(request).account.id)
        .executeTakeFirstOrThrow();
      return { callback_url: row.callback_url };
    },
  );

  app.put(
    '/callback-settings',
    {
      schema: { body: putBody, tags, summary: 'Set or clear the callback URL' },
      config: { access: 'integration' },
    },
    async (request) => {
      const { accountId, actor, ip } = actorOf(request);
      let url: string | null = null;
      if (request.body.callback_url !== null && request.body.callback_url.trim() !== '') {
        const check = checkCallbackUrl(request.body.callback_url, allowHttp);
        if (!check.ok) throw fieldError('callback_url', check.message);
        url = check.url;
      }
      await ctx.db.kysely.transaction().execute(async (trx) => {
        await trx
          .updateTable('accounts')
          .set({ callback_url: url, updated_at: ctx.now().toISOString() })
          .where('id', '=', accountId)
          .execute();
        await recordAudit(
          trx,
          { accountId, actor, action: 'callback_url.changed', target: url ?? '(none)', ip },
          ctx.now(),
        );
      });
      return { callback_url: url };
    },
  );

  app.get(
    '/callback-settings/secret',
    { schema: { tags, summary: 'Reveal the callback secret (audited)' }, config: { access: 'integration' } },
    async (request) => {
      const { accountId, actor, ip } = actorOf(request);
      const secret = await readCallbackSecret(ctx, accountId);
      await recordAudit(ctx.db.kysely, { accountId, actor, action: 'callback_secret.viewed', ip }, ctx.now());
      return { callback_secret: secret };
    },
  );

  app.post(
    '/callback-settings/secret',
    {
      schema: { tags, summary: 'Regenerate the callback secret; the old one stops signing at once' },
      config: { access: 'integration' },
    },
    async (request) => {
      const { accountId, actor, ip } = actorOf(request);
      const secret = await ctx.db.kysely.transaction().execute(async (trx) => {
        const s = await replaceCallbackSecret(ctx, accountId, trx);
        await recordAudit(trx, { accountId, actor, action: 'callback_secret.regenerated', ip }, ctx.now());
        return s;
      });
      return { callback_secret: secret };
    },
  );
}
