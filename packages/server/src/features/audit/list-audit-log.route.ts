import type { AppContext } from '../../platform/context.js';
import { fieldError } from '../../platform/http/errors.js';
import { pageQuery, type ZodApp } from '../../platform/http/zod-app.js';
import { sessionOf } from '../sessions/index.js';

export function listAuditLogRoute(app: ZodApp, ctx: AppContext) {
  app.get(
    '/audit-log',
    {
      schema: { querystring: pageQuery, tags: ['audit'], summary: 'Audit log, newest first' },
      config: { access: 'audit.read' },
    },
    async (request) => {
      const { limit, starting_after } = request.query;
      let query = ctx.db.kysely
        .selectFrom('audit_log')
        .select(['id', 'at', 'actor', 'action', 'target', 'ip'])
        .where('account_id', '=', sessionOf(request).account.id)
        .orderBy('id', 'desc')
        .limit(limit + 1);
      if (starting_after !== undefined) {
        if (!/^\d{1,15}$/.test(starting_after))
          throw fieldError('querystring.starting_after', 'must be an audit entry id');
        query = query.where('id', '<', Number(starting_after));
      }
      const rows = await query.execute();
      const page = rows.slice(0, limit).map((r) => ({ ...r, id: String(r.id) }));
      return { data: page, meta: { has_more: rows.length > limit } };
    },
  );
}
