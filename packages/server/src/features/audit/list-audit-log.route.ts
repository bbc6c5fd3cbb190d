import type { AppContext } from '../../platform/context.js';
import { fieldError } from '../../platform/http/errors.js';
import { pageQuery, type ZodApp } from '../../platform/http/zod-app.js';
import { sessionOf } from '../sessions/index.js';
import { auditLogView } from './audit.schemas.js';
import { listAuditEntries } from './audit-store.js';

export function listAuditLogRoute(app: ZodApp, ctx: AppContext) {
  app.get(
    '/audit-log',
    {
      schema: {
        querystring: pageQuery,
        tags: ['audit'],
        summary: 'Audit log, newest first',
        response: { 200: auditLogView },
      },
      config: { access: 'audit.read' },
    },
    async (request) => {
      const page = await listAuditEntries(ctx, sessionOf(request).account.id, request.query);
      if (!page) throw fieldError('querystring.starting_after', 'must be an audit entry id');
      return { data: page.rows, meta: { has_more: page.hasMore } };
    },
  );
}
