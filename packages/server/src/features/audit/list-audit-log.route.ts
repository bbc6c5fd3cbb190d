import type { AppContext } from '../../platform/context.js';
import { pageQuery, type ZodApp } from '../../platform/http/zod-app.js';
import { sessionOf } from '../sessions/index.js';
import { auditLogView } from './audit.schemas.js';
import { listAuditLog } from './audit-service.js';

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
    async (request) => listAuditLog(ctx, sessionOf(request).account.id, request.query),
  );
}
