import type { Db } from '../db/database-types.js';
import type { AuditLogRow } from '../access/audit.table.js';

/** Audit rows matching every given column, oldest first. */
export async function findAuditRows(
  db: Db,
  filter: { action?: string; targetId?: string; actorStaffId?: string; outcome?: AuditLogRow['outcome'] },
): Promise<AuditLogRow[]> {
  let query = db.selectFrom('audit_log').selectAll().orderBy('id');
  if (filter.action) query = query.where('action', '=', filter.action);
  if (filter.targetId) query = query.where('target_id', '=', filter.targetId);
  if (filter.actorStaffId) query = query.where('actor_staff_id', '=', filter.actorStaffId);
  if (filter.outcome) query = query.where('outcome', '=', filter.outcome);
  return query.execute();
}
