import { z } from 'zod';

/** One line of the audit log as the dashboard shows it. */
export const auditEntryView = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  target: z.string().nullable(),
  ip: z.string().nullable(),
});
export const auditLogView = z.object({
  data: z.array(auditEntryView),
  meta: z.object({ has_more: z.boolean() }),
});

export type AuditEntryView = z.infer<typeof auditEntryView>;
export type AuditLogView = z.infer<typeof auditLogView>;
