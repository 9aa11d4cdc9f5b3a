import type { Db } from '../../db/database-types.js';
import { authorize } from '../auth/policy.js';
import type { RequestContext } from '../auth/request-context.js';
import { insertAuditEntry, selectAuditEntries } from './audit.repository.js';
import type { AuditOutcome } from './audit.table.js';
import { presentAuditEntry } from './audit.presenter.js';

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

/** The newest audit entries the actor may read: all for admins, their provider's for org admins. */
export async function listAuditEntries(
  db: Db,
  ctx: RequestContext,
  filters: { targetType?: string; targetId?: string; action?: string; limit: number; beforeId?: number },
) {
  const actor = authorize(ctx.actor, 'audit.read', {
    organisationId: ctx.actor.type === 'staff' ? ctx.actor.organisationId : null,
  });
  const rows = await selectAuditEntries(db, {
    ...filters,
    ...(actor.role === 'admin' ? {} : { organisationId: actor.organisationId ?? '' }),
  });
  return rows.map(presentAuditEntry);
}
