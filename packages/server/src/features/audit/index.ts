import type { Feature } from '../../platform/feature.js';
import { listAuditLogRoute } from './list-audit-log.route.js';

/** The audit log's reading side (the transaction helper in platform/db/tx.ts writes it). */
export const auditFeature: Feature = {
  name: 'audit',
  dashboardRoutes: [listAuditLogRoute],
};
