import type { ColumnType, Generated, Selectable } from 'kysely';

export type AuditActorType = 'staff' | 'client' | 'system' | 'anonymous';
export type AuditOutcome = 'success' | 'denied' | 'failure';

export interface AuditLogTable {
  id: Generated<number>;
  occurred_at: Generated<Date>;
  actor_type: AuditActorType;
  actor_staff_id: string | null;
  organisation_id: string | null;
  action: string;
  outcome: AuditOutcome;
  target_type: string | null;
  target_id: string | null;
  details: ColumnType<Record<string, unknown>, string | undefined, string>;
  request_id: string | null;
  ip: string | null;
}

export type AuditLogRow = Selectable<AuditLogTable>;
