import { sql, type Selectable } from 'kysely';
import type { Db } from '../../db/database-types.js';
import { AppError } from '../../errors.js';
import { recordAudit } from '../../access/audit.js';
import { authorize } from '../../access/policy.js';
import type { RequestContext } from '../../access/request-context.js';
import { encryptSecret } from '../../shared/encryption.js';
import type { SsoProviderTable } from './auth.table.js';
import { isLoopbackHttp } from './sso.repository.js';
import { forgetSsoConfiguration } from './sso.service.js';

/*
 * The identity providers for single sign-on, as admins set them up (sso.service.ts signs in
 * through them). The client secret is write-only: stored encrypted, never shown.
 */

type SsoProviderRow = Selectable<SsoProviderTable>;

export interface SsoProviderView {
  id: string;
  organisationId: string | null;
  name: string;
  issuer: string;
  clientId: string;
  domains: string[];
  allowCreate: boolean;
  passwordSignIn: boolean;
  isActive: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface SsoProviderInput {
  organisationId?: string | null | undefined;
  name: string;
  issuer: string;
  clientId: string;
  clientSecret?: string | undefined;
  domains: string[];
  allowCreate?: boolean | undefined;
  passwordSignIn?: boolean | undefined;
  isActive?: boolean | undefined;
}

const present = (row: SsoProviderRow): SsoProviderView => ({
  id: row.id,
  organisationId: row.organisation_id,
  name: row.name,
  issuer: row.issuer,
  clientId: row.client_id,
  domains: row.domains,
  allowCreate: row.allow_create,
  passwordSignIn: row.password_sign_in,
  isActive: row.is_active,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

function checkIssuer(issuer: string): void {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    throw new AppError('sso.issuer_invalid', 400, 'The issuer must be an https URL', { field: 'issuer' });
  }
  if (url.protocol !== 'https:' && !isLoopbackHttp(issuer)) {
    throw new AppError('sso.issuer_invalid', 400, 'The issuer must be an https URL', { field: 'issuer' });
  }
}

async function assertDomainsFree(db: Db, domains: string[], exceptId?: string): Promise<void> {
  let query = db
    .selectFrom('sso_providers')
    .select(['id', 'domains'])
    .where('is_active', '=', true)
    .where(sql<boolean>`domains && ${sql.val(domains)}::text[]`);
  if (exceptId) query = query.where('id', '<>', exceptId);
  const taken = await query.executeTakeFirst();
  if (taken) {
    throw new AppError(
      'sso.domain_taken',
      409,
      'Another identity provider vouches for one of these domains',
      {
        field: 'domains',
      },
    );
  }
}

export async function listSsoProviders(db: Db, ctx: RequestContext): Promise<SsoProviderView[]> {
  const actor = authorize(ctx.actor, 'console.use');
  if (actor.role !== 'admin') authorize(actor, 'sso.manage', { organisationId: actor.organisationId });
  let query = db.selectFrom('sso_providers').selectAll().orderBy('name');
  if (actor.role !== 'admin') query = query.where('organisation_id', '=', actor.organisationId);
  return (await query.execute()).map(present);
}

export async function createSsoProvider(
  db: Db,
  ctx: RequestContext,
  input: SsoProviderInput & { clientSecret: string },
): Promise<SsoProviderView> {
  const organisationId = input.organisationId ?? null;
  authorize(ctx.actor, 'sso.manage', { organisationId });
  checkIssuer(input.issuer);
  await assertDomainsFree(db, input.domains);
  const secret = await encryptSecret(db, input.clientSecret);
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('sso_providers')
      .values({
        organisation_id: organisationId,
        name: input.name,
        issuer: input.issuer,
        client_id: input.clientId,
        client_secret: secret,
        domains: input.domains,
        allow_create: input.allowCreate ?? false,
        password_sign_in: input.passwordSignIn ?? true,
        is_active: input.isActive ?? true,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, ctx, {
      action: 'sso.create',
      targetType: 'sso_provider',
      targetId: row.id,
      organisationId,
      details: { issuer: row.issuer, domains: row.domains, allowCreate: row.allow_create },
    });
    return present(row);
  });
}

export async function updateSsoProvider(
  db: Db,
  ctx: RequestContext,
  id: string,
  input: Partial<SsoProviderInput>,
): Promise<SsoProviderView> {
  const existing = await db.selectFrom('sso_providers').selectAll().where('id', '=', id).executeTakeFirst();
  if (!existing) {
    authorize(ctx.actor, 'console.use');
    throw new AppError('sso.not_found', 404, 'No such identity provider');
  }
  authorize(ctx.actor, 'sso.manage', { organisationId: existing.organisation_id });
  if (input.issuer) checkIssuer(input.issuer);
  if (input.domains || input.isActive) {
    await assertDomainsFree(db, input.domains ?? existing.domains, id);
  }
  const changes = {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.issuer !== undefined ? { issuer: input.issuer } : {}),
    ...(input.clientId !== undefined ? { client_id: input.clientId } : {}),
    ...(input.clientSecret ? { client_secret: await encryptSecret(db, input.clientSecret) } : {}),
    ...(input.domains !== undefined ? { domains: input.domains } : {}),
    ...(input.allowCreate !== undefined ? { allow_create: input.allowCreate } : {}),
    ...(input.passwordSignIn !== undefined ? { password_sign_in: input.passwordSignIn } : {}),
    ...(input.isActive !== undefined ? { is_active: input.isActive } : {}),
  };
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('sso_providers')
      .set({ ...changes, updated_at: new Date() })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    forgetSsoConfiguration(id);
    await recordAudit(trx, ctx, {
      action: 'sso.update',
      targetType: 'sso_provider',
      targetId: id,
      organisationId: existing.organisation_id,
      details: { changed: Object.keys(changes) },
    });
    return present(row);
  });
}
