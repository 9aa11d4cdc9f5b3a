import type { Db } from '../../db/database-types.js';

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
