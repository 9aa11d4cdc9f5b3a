import type { AuditLogRow } from '../../access/audit.table.js';

export function presentAuditEntry(row: AuditLogRow & { actor_name: string | null }) {
  return {
    id: row.id,
    occurredAt: row.occurred_at.toISOString(),
    actorType: row.actor_type,
    actorStaffId: row.actor_staff_id,
    actorName: row.actor_name,
    organisationId: row.organisation_id,
    action: row.action,
    outcome: row.outcome,
    targetType: row.target_type,
    targetId: row.target_id,
    details: row.details,
  };
}
