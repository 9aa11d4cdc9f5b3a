import type { Db } from '../db/database-types.js';
import type { AuditActorType, AuditOutcome } from './audit.table.js';
import type { RequestContext } from './request-context.js';

/*
 * The audit log's writer: every feature records who did what through recordAudit. Reading the
 * log is the audit feature's (features/audit).
 */

export interface AuditEvent {
  action: string;
  outcome?: AuditOutcome;
  targetType?: string;
  targetId?: string;
  /** The provider the record belongs to, so that its admins can read the entry. */
  organisationId?: string | null;
  /** What changed: field names and non-personal values only. */
  details?: Record<string, unknown>;
}

/** Writes one audit entry for the actor of the request. */
export async function recordAudit(db: Db, ctx: RequestContext, event: AuditEvent): Promise<void> {
  const actor = ctx.actor;
  await insertAuditEntry(db, {
    actorType: actor.type,
    actorStaffId: actor.type === 'staff' ? actor.staffId : null,
    organisationId:
      event.organisationId !== undefined
        ? event.organisationId
        : actor.type === 'staff'
          ? actor.organisationId
          : null,
    action: event.action,
    outcome: event.outcome ?? 'success',
    targetType: event.targetType ?? null,
    targetId: event.targetId ?? null,
    details: event.details ?? {},
    requestId: ctx.requestId ?? null,
    ip: actor.type === 'staff' || actor.type === 'anonymous' ? (ctx.ip ?? null) : null,
  });
}

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
