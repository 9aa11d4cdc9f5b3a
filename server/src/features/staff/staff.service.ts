import type { Db } from '../../db/database-types.js';
import { isUniqueViolation } from '../../db/database-errors.js';
import { AppError } from '../../errors.js';
import { recordAudit } from '../../access/audit.js';
import { authorize } from '../../access/policy.js';
import type { RequestContext } from '../../access/request-context.js';
import { revokeStaffSessions } from '../../access/session.repository.js';
import { sessionEvents } from '../../access/session-events.js';
import { selectOrganisationById } from '../organisations/organisation.repository.js';
import { presentStaff } from './staff.presenter.js';
import { insertStaff, selectStaffById, selectStaffList, updateStaffRow } from './staff.repository.js';
import type { CreateStaffInput, StaffView, UpdateStaffInput } from './staff.schema.js';
import type { StaffRole } from '../../access/actor.js';
import type { StaffUpdate } from './staff.table.js';
import { createInvitation, type InvitationMailDeps } from './staff-invitations.js';

/** Staff of every provider for admins; an org admin sees their own provider's staff only. */
export async function listStaff(
  db: Db,
  ctx: RequestContext,
  filters: { organisationId?: string | undefined; includeInactive?: boolean | undefined },
): Promise<StaffView[]> {
  const actor = ctx.actor;
  const organisationId =
    filters.organisationId ??
    (actor.type === 'staff' && actor.role !== 'admin' ? actor.organisationId : undefined);
  authorize(actor, 'staff.list', { organisationId: organisationId ?? null });
  const rows = await selectStaffList(db, {
    organisationId: organisationId ?? undefined,
    includeInactive: filters.includeInactive === true,
  });
  return rows.map(presentStaff);
}

export async function getStaff(db: Db, ctx: RequestContext, id: string): Promise<StaffView> {
  const row = await selectStaffById(db, id);
  if (!row) {
    authorize(ctx.actor, 'staff.list', {});
    throw new AppError('staff.not_found', 404, 'No such staff member');
  }
  authorize(ctx.actor, 'staff.read', { organisationId: row.organisation_id, staffId: id });
  return presentStaff(row);
}

async function assertOrganisationFits(db: Db, role: StaffRole, organisationId: string | null) {
  if (organisationId === null) {
    if (role === 'counsellor' || role === 'org_admin') {
      throw new AppError(
        'staff.organisation_required',
        400,
        'Counsellors and org admins belong to a provider',
        {
          field: 'organisationId',
        },
      );
    }
    return;
  }
  const organisation = await selectOrganisationById(db, organisationId);
  if (!organisation || !organisation.is_active) {
    throw new AppError('staff.organisation_not_found', 400, 'No such active organisation', {
      field: 'organisationId',
    });
  }
}

/**
 * Adds a staff member without a password and mails them an invitation to set their own
 * (staff-invitations.ts): no admin ever types another person's password.
 */
export async function createStaff(
  db: Db,
  ctx: RequestContext,
  deps: InvitationMailDeps,
  input: CreateStaffInput,
): Promise<StaffView> {
  const organisationId = input.organisationId ?? null;
  const actor = authorize(ctx.actor, 'staff.create', { organisationId, roles: [input.role] });
  let mailId = '';
  const view = await db.transaction().execute(async (trx) => {
    await assertOrganisationFits(trx, input.role, organisationId);
    let id: string;
    try {
      id = await insertStaff(trx, {
        organisation_id: organisationId,
        email: input.email,
        name: input.name,
        languages: input.languages,
        expertise: input.expertise,
        role: input.role,
        password_hash: null,
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new AppError('staff.email_taken', 409, 'Another account uses this email', { field: 'email' });
      }
      throw error;
    }
    await recordAudit(trx, ctx, {
      action: 'staff.create',
      targetType: 'staff',
      targetId: id,
      organisationId,
      details: { role: input.role },
    });
    const row = await selectStaffById(trx, id);
    if (!row) throw new Error('created staff row vanished');
    mailId = (await createInvitation(trx, deps.settings, row, actor.staffId)).mailId;
    return presentStaff(row);
  });
  deps.sender.kick(mailId);
  return view;
}

export async function updateStaff(
  db: Db,
  ctx: RequestContext,
  id: string,
  input: UpdateStaffInput,
): Promise<StaffView> {
  let access: 'revoked' | 'changed' | undefined;
  const view = await db.transaction().execute(async (trx) => {
    const existing = await selectStaffById(trx, id);
    if (!existing) {
      authorize(ctx.actor, 'staff.list', {});
      throw new AppError('staff.not_found', 404, 'No such staff member');
    }
    const role = input.role ?? existing.role;
    const organisationId =
      input.organisationId !== undefined ? input.organisationId : existing.organisation_id;
    authorize(ctx.actor, 'staff.update', {
      organisationId: existing.organisation_id,
      roles: [existing.role, role],
    });
    if (organisationId !== existing.organisation_id) {
      authorize(ctx.actor, 'staff.update', { organisationId, roles: [role] });
    }
    const isSelf = ctx.actor.type === 'staff' && ctx.actor.staffId === id;
    if (isSelf && (input.isActive === false || role !== existing.role)) {
      // Nobody locks themselves out or changes their own powers; another admin must do it.
      throw new AppError('staff.cannot_change_own_access', 409, 'You cannot change your own role or status');
    }
    if (input.grants !== undefined) authorize(ctx.actor, 'staff.grant');
    if (input.role !== undefined || input.organisationId !== undefined) {
      await assertOrganisationFits(trx, role, organisationId);
    }

    const changes: StaffUpdate = {};
    if (input.email !== undefined) changes.email = input.email;
    if (input.name !== undefined) changes.name = input.name;
    if (input.languages !== undefined) changes.languages = input.languages;
    if (input.expertise !== undefined) changes.expertise = input.expertise;
    if (input.role !== undefined) changes.role = input.role;
    if (input.organisationId !== undefined) changes.organisation_id = input.organisationId;
    if (input.grants !== undefined) changes.grants = [...new Set(input.grants)];
    const isDeactivation = input.isActive === false && existing.is_active;
    const isReactivation = input.isActive === true && !existing.is_active;
    if (input.isActive !== undefined) {
      changes.is_active = input.isActive;
      if (isDeactivation) changes.deactivated_at = new Date();
      if (isReactivation) changes.deactivated_at = null;
    }
    try {
      await updateStaffRow(trx, id, changes);
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new AppError('staff.email_taken', 409, 'Another account uses this email', { field: 'email' });
      }
      throw error;
    }
    let revokedSessions = 0;
    if (isDeactivation) {
      revokedSessions = await revokeStaffSessions(trx, id, 'deactivated');
      access = 'revoked';
    } else if (['role', 'organisation_id', 'languages', 'expertise'].some((key) => key in changes)) {
      // What the person may see in the queue and in conversations depends on these.
      access = 'changed';
    }

    await recordAudit(trx, ctx, {
      action: isDeactivation ? 'staff.deactivate' : isReactivation ? 'staff.reactivate' : 'staff.update',
      targetType: 'staff',
      targetId: id,
      organisationId: organisationId,
      details: {
        changed: Object.keys(changes).filter((key) => key !== 'deactivated_at'),
        ...(changes.role ? { role: changes.role } : {}),
        ...(changes.grants ? { grants: changes.grants } : {}),
        ...(isDeactivation ? { revokedSessions } : {}),
      },
    });
    const row = await selectStaffById(trx, id);
    if (!row) throw new Error('updated staff row vanished');
    return presentStaff(row);
  });
  // After the commit, so that the live side reads the new state.
  if (access === 'revoked') sessionEvents.emit('revoked', { staffId: id });
  else if (access === 'changed') sessionEvents.emit('changed', id);
  return view;
}

/** Ends every session of a staff member (admins; provider admins for their own staff); audited. */
export async function endStaffSessions(db: Db, ctx: RequestContext, id: string): Promise<{ ended: number }> {
  const existing = await selectStaffById(db, id);
  if (!existing) {
    authorize(ctx.actor, 'staff.list', {});
    throw new AppError('staff.not_found', 404, 'No such staff member');
  }
  authorize(ctx.actor, 'staff.end_sessions', {
    organisationId: existing.organisation_id,
    roles: [existing.role],
  });
  const ended = await db.transaction().execute(async (trx) => {
    const count = await revokeStaffSessions(trx, id, 'ended_by_admin');
    await recordAudit(trx, ctx, {
      action: 'staff.sessions_ended',
      targetType: 'staff',
      targetId: id,
      organisationId: existing.organisation_id,
      details: { ended: count },
    });
    return count;
  });
  sessionEvents.emit('revoked', { staffId: id });
  return { ended };
}
