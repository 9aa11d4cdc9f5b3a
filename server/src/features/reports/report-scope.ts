/** Who sees which report figures: the provider a report is limited to and per-counsellor figures. */
import type { Db } from '../../db/database-types.js';
import { AppError } from '../../errors.js';
import type { StaffActor } from '../../access/actor.js';
import { authorize } from '../../access/policy.js';
import type { RequestContext } from '../../access/request-context.js';
import { selectStaffOrganisation } from './report.repository.js';

export interface Scope {
  actor: StaffActor;
  /** The provider the figures are limited to; null = every provider (admins). */
  provider: string | null;
  staffBreakdown: boolean;
}

/**
 * Who sees what: admins every provider and every counsellor; provider admins and counsellors
 * only their own provider (asking for another is 403 `report.forbidden`); per-counsellor
 * figures for admins and, for their own staff, provider admins. A counsellor may filter by
 * themself only. Editors handle no contacts and get no reports.
 */
export async function resolveScope(
  db: Db,
  ctx: RequestContext,
  query: { provider?: string | undefined; staff?: string | undefined },
): Promise<Scope> {
  const actor = authorize(ctx.actor, 'console.use');
  const forbidden = (message: string) => new AppError('report.forbidden', 403, message);
  if (actor.role === 'editor') throw forbidden('Reports are for counsellors and admins');
  if (actor.role === 'admin') {
    return { actor, provider: query.provider ?? null, staffBreakdown: true };
  }
  if (!actor.organisationId) throw forbidden('No provider');
  if (query.provider && query.provider !== actor.organisationId) {
    throw forbidden("Another provider's figures are not yours to see");
  }
  if (query.staff) {
    if (actor.role === 'counsellor' && query.staff !== actor.staffId) {
      throw forbidden("Per-counsellor figures are for the provider's admins");
    }
    const member = await selectStaffOrganisation(db, query.staff);
    if (member?.organisation_id !== actor.organisationId) {
      throw forbidden("Another provider's counsellors are not yours to see");
    }
  }
  return { actor, provider: actor.organisationId, staffBreakdown: actor.role === 'org_admin' };
}
