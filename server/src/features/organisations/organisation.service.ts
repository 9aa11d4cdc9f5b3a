import type { Db } from '../../db/database-types.js';
import { isUniqueViolation, violatedConstraint } from '../../db/database-errors.js';
import { AppError } from '../../errors.js';
import { recordAudit } from '../../access/audit.js';
import { authorize, can } from '../../access/policy.js';
import type { RequestContext } from '../../access/request-context.js';
import { presentOrganisation } from './organisation.presenter.js';
import {
  insertOrganisation,
  selectOrganisationById,
  selectOrganisations,
  updateOrganisationRow,
} from './organisation.repository.js';
import type {
  CreateOrganisationInput,
  OrganisationView,
  UpdateOrganisationInput,
} from './organisation.schema.js';
import type { OrganisationUpdate } from './organisation.table.js';

/** Active providers for everyone; inactive ones too for staff who manage providers. */
const oidTaken = () =>
  new AppError('organisation.opintopolku_oid_taken', 409, 'Another organisation has this Opintopolku OID', {
    field: 'opintopolkuOid',
  });

export async function listOrganisations(
  db: Db,
  ctx: RequestContext,
  options: { includeInactive?: boolean | undefined },
): Promise<OrganisationView[]> {
  if (options.includeInactive) authorize(ctx.actor, 'organisation.list_all');
  const rows = await selectOrganisations(db, { includeInactive: options.includeInactive === true });
  return rows.map(presentOrganisation);
}

export async function getOrganisation(db: Db, ctx: RequestContext, id: string): Promise<OrganisationView> {
  const row = await selectOrganisationById(db, id);
  if (!row || (!row.is_active && !can(ctx.actor, 'organisation.list_all'))) {
    throw new AppError('organisation.not_found', 404, 'No such organisation');
  }
  return presentOrganisation(row);
}

export async function createOrganisation(
  db: Db,
  ctx: RequestContext,
  input: CreateOrganisationInput,
): Promise<OrganisationView> {
  authorize(ctx.actor, 'organisation.create');
  return db.transaction().execute(async (trx) => {
    let row;
    try {
      row = await insertOrganisation(trx, {
        slug: input.slug,
        name_fi: input.name.fi,
        name_sv: input.name.sv ?? null,
        name_en: input.name.en ?? null,
        description_fi: input.description?.fi ?? null,
        description_sv: input.description?.sv ?? null,
        description_en: input.description?.en ?? null,
        website: input.website ?? null,
        municipality: input.municipality ?? null,
        opintopolku_oid: input.opintopolkuOid ?? null,
        expertise: input.expertise ?? [],
        allowed_origins: [...new Set(input.allowedOrigins ?? [])],
      });
    } catch (error) {
      if (isUniqueViolation(error) && violatedConstraint(error)?.includes('opintopolku_oid')) {
        throw oidTaken();
      }
      if (isUniqueViolation(error)) {
        throw new AppError('organisation.slug_taken', 409, 'Another organisation uses this slug');
      }
      throw error;
    }
    await recordAudit(trx, ctx, {
      action: 'organisation.create',
      targetType: 'organisation',
      targetId: row.id,
      organisationId: row.id,
      details: { slug: row.slug },
    });
    return presentOrganisation(row);
  });
}

export async function updateOrganisation(
  db: Db,
  ctx: RequestContext,
  id: string,
  input: UpdateOrganisationInput,
): Promise<OrganisationView> {
  authorize(ctx.actor, 'organisation.update', { organisationId: id });
  if (input.isActive !== undefined) {
    authorize(ctx.actor, 'organisation.change_status', { organisationId: id });
  }
  return db.transaction().execute(async (trx) => {
    const existing = await selectOrganisationById(trx, id);
    if (!existing) throw new AppError('organisation.not_found', 404, 'No such organisation');

    const changes: OrganisationUpdate = {};
    if (input.name?.fi !== undefined) changes.name_fi = input.name.fi;
    if (input.name?.sv !== undefined) changes.name_sv = input.name.sv;
    if (input.name?.en !== undefined) changes.name_en = input.name.en;
    if (input.description?.fi !== undefined) changes.description_fi = input.description.fi;
    if (input.description?.sv !== undefined) changes.description_sv = input.description.sv;
    if (input.description?.en !== undefined) changes.description_en = input.description.en;
    if (input.website !== undefined) changes.website = input.website;
    if (input.municipality !== undefined) changes.municipality = input.municipality;
    if (input.opintopolkuOid !== undefined) changes.opintopolku_oid = input.opintopolkuOid;
    if (input.expertise !== undefined) changes.expertise = input.expertise;
    if (input.allowedOrigins !== undefined) changes.allowed_origins = [...new Set(input.allowedOrigins)];
    if (input.isActive !== undefined) changes.is_active = input.isActive;

    const row = await updateOrganisationRow(trx, id, changes).catch((error: unknown) => {
      throw isUniqueViolation(error) ? oidTaken() : error;
    });
    const action =
      input.isActive === false && existing.is_active
        ? 'organisation.deactivate'
        : input.isActive === true && !existing.is_active
          ? 'organisation.reactivate'
          : 'organisation.update';
    await recordAudit(trx, ctx, {
      action,
      targetType: 'organisation',
      targetId: id,
      organisationId: id,
      details: { changed: Object.keys(changes) },
    });
    return presentOrganisation(row);
  });
}
