import type { Db } from '../../db/database-types.js';
import { authorize } from '../../access/policy.js';
import type { RequestContext } from '../../access/request-context.js';
import { selectAuditEntries } from './audit.repository.js';
import { presentAuditEntry } from './audit.presenter.js';

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
