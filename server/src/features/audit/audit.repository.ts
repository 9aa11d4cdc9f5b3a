import type { Db } from '../../db/database-types.js';
import type { AuditActorType, AuditOutcome } from './audit.table.js';

export interface NewAuditEntry {
  actorType: AuditActorType;
  actorStaffId: string | null;
  organisationId: string | null;
  action: string;
  outcome: AuditOutcome;
  targetType: string | null;
  targetId: string | null;
  details: Record<string, unknown>;
  requestId: string | null;
  ip: string | null;
}

export async function insertAuditEntry(db: Db, entry: NewAuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      actor_type: entry.actorType,
      actor_staff_id: entry.actorStaffId,
      organisation_id: entry.organisationId,
      action: entry.action,
      outcome: entry.outcome,
      target_type: entry.targetType,
      target_id: entry.targetId,
      details: JSON.stringify(entry.details),
      request_id: entry.requestId,
      ip: entry.ip,
    })
    .execute();
}

export interface AuditQuery {
  organisationId?: string;
  targetType?: string;
  targetId?: string;
  action?: string;
  limit: number;
  beforeId?: number;
}

export async function selectAuditEntries(db: Db, query: AuditQuery) {
  let q = db
    .selectFrom('audit_log')
    .leftJoin('staff', 'staff.id', 'audit_log.actor_staff_id')
    .selectAll('audit_log')
    .select('staff.name as actor_name')
    .orderBy('audit_log.id', 'desc')
    .limit(query.limit);
  if (query.organisationId) q = q.where('audit_log.organisation_id', '=', query.organisationId);
  if (query.targetType) q = q.where('audit_log.target_type', '=', query.targetType);
  if (query.targetId) q = q.where('audit_log.target_id', '=', query.targetId);
  if (query.action) q = q.where('audit_log.action', '=', query.action);
  if (query.beforeId) q = q.where('audit_log.id', '<', query.beforeId);
  return q.execute();
}
