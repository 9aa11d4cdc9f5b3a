import { z } from 'zod';

export const auditEntrySchema = z.object({
  id: z.number().int(),
  occurredAt: z.iso.datetime(),
  actorType: z.enum(['staff', 'client', 'system', 'anonymous']),
  actorStaffId: z.uuid().nullable(),
  actorName: z.string().nullable(),
  organisationId: z.uuid().nullable(),
  action: z.string(),
  outcome: z.enum(['success', 'denied', 'failure']),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  // Open on purpose: what an entry records differs by action (counts, changed fields, filters).
  details: z.record(z.string(), z.unknown()),
});
export type AuditEntryView = z.infer<typeof auditEntrySchema>;

export const auditQuerySchema = z.object({
  targetType: z.string().max(50).optional(),
  targetId: z.string().max(100).optional(),
  action: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  beforeId: z.coerce.number().int().positive().optional(),
});
