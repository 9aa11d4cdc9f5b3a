import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { findAuditRows } from '../../test/audit-helpers.js';
import { buildOrganisation } from '../../test/factories.js';
import { expectError, invalidFields } from '../../test/http-helpers.js';
import { signedIn, useTestApp } from '../../test/test-app.js';
import type { StaffRow } from '../staff/staff.table.js';
import type { OrganisationRow } from './organisation.table.js';

interface OrganisationView {
  id: string;
  slug: string;
  name: { fi: string; sv: string | null; en: string | null };
  website: string | null;
  isActive: boolean;
}

const t = useTestApp();
let admin: StaffRow;
let adminCookie: string;
let counsellorCookie: string;
let orgAdminCookie: string;
let active: OrganisationRow;
let inactive: OrganisationRow;

beforeAll(async () => {
  active = await buildOrganisation(t.database.db, { name_fi: 'Avoin opisto' });
  inactive = await buildOrganisation(t.database.db, { name_fi: 'Suljettu opisto', is_active: false });
  ({ staff: admin, cookie: adminCookie } = await signedIn(t, { role: 'admin' }));
  counsellorCookie = (await signedIn(t, { organisation_id: active.id })).cookie;
  orgAdminCookie = (await signedIn(t, { role: 'org_admin', organisation_id: active.id })).cookie;
});

function listIds(url: string, cookie?: string) {
  return t.app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} }).then((response) => {
    expect(response.statusCode).toBe(200);
    return response.json<{ items: OrganisationView[] }>().items.map((item) => item.id);
  });
}

function createOrganisation(payload: Record<string, unknown>, cookie = adminCookie) {
  return t.app.inject({ method: 'POST', url: '/api/v1/organisations', headers: { cookie }, payload });
}

function patchOrganisation(id: string, payload: Record<string, unknown>, cookie = adminCookie) {
  return t.app.inject({ method: 'PATCH', url: `/api/v1/organisations/${id}`, headers: { cookie }, payload });
}

describe('listing organisations', () => {
  it('shows the public only active organisations', async () => {
    const ids = await listIds('/api/v1/organisations');
    expect(ids).toContain(active.id);
    expect(ids).not.toContain(inactive.id);
    // Asking for inactive ones explicitly as false is the same as not asking.
    expect(await listIds('/api/v1/organisations?includeInactive=false')).toEqual(ids);
  });

  it('shows inactive organisations to admins and org admins only', async () => {
    expectError(
      await t.app.inject({ method: 'GET', url: '/api/v1/organisations?includeInactive=true' }),
      401,
      'auth.unauthenticated',
    );
    expectError(
      await t.app.inject({
        method: 'GET',
        url: '/api/v1/organisations?includeInactive=true',
        headers: { cookie: counsellorCookie },
      }),
      403,
      'auth.forbidden',
    );
    expect(await listIds('/api/v1/organisations?includeInactive=true', adminCookie)).toEqual(
      expect.arrayContaining([active.id, inactive.id]),
    );
    expect(await listIds('/api/v1/organisations?includeInactive=true', orgAdminCookie)).toEqual(
      expect.arrayContaining([active.id, inactive.id]),
    );
  });

  it('hides a single inactive organisation from the public but not from an admin', async () => {
    const publicView = await t.app.inject({ method: 'GET', url: `/api/v1/organisations/${inactive.id}` });
    expectError(publicView, 404, 'organisation.not_found');
    const adminView = await t.app.inject({
      method: 'GET',
      url: `/api/v1/organisations/${inactive.id}`,
      headers: { cookie: adminCookie },
    });
    expect(adminView.statusCode).toBe(200);
    expect(adminView.json()).toMatchObject({ id: inactive.id, isActive: false });
    const activeView = await t.app.inject({ method: 'GET', url: `/api/v1/organisations/${active.id}` });
    expect(activeView.json()).toMatchObject({ id: active.id, name: { fi: 'Avoin opisto' }, isActive: true });
  });

  it('rejects a malformed includeInactive value', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/organisations?includeInactive=yes' });
    expect(invalidFields(expectError(response, 400, 'request.invalid'))).toEqual([
      'querystring.includeInactive',
    ]);
  });
});

describe('creating organisations', () => {
  it('creates an organisation and records it in the audit log', async () => {
    const response = await createOrganisation({
      slug: 'uusi-opisto',
      name: { fi: 'Uusi opisto', sv: 'Nya institutet', en: 'New College' },
      description: { fi: 'Kuvaus' },
      website: 'https://uusi-opisto.example',
      municipality: 'Kajaani',
      expertise: ['immigrants'],
    });
    expect(response.statusCode).toBe(201);
    const created = response.json<OrganisationView>();
    expect(created).toMatchObject({
      slug: 'uusi-opisto',
      name: { fi: 'Uusi opisto', sv: 'Nya institutet', en: 'New College' },
      description: { fi: 'Kuvaus', sv: null, en: null },
      website: 'https://uusi-opisto.example',
      municipality: 'Kajaani',
      expertise: ['immigrants'],
      isActive: true,
    });
    expect(await listIds('/api/v1/organisations')).toContain(created.id);

    const [audit] = await findAuditRows(t.database.db, {
      action: 'organisation.create',
      targetId: created.id,
    });
    expect(audit).toMatchObject({
      actor_staff_id: admin.id,
      organisation_id: created.id,
      target_type: 'organisation',
      outcome: 'success',
    });
    expect(audit?.details).toEqual({ slug: 'uusi-opisto' });
  });

  it('refuses a slug that is taken', async () => {
    await buildOrganisation(t.database.db, { slug: 'varattu-opisto' });
    const response = await createOrganisation({ slug: 'varattu-opisto', name: { fi: 'Toinen opisto' } });
    expectError(response, 409, 'organisation.slug_taken');
    const rows = await t.database.db
      .selectFrom('organisations')
      .select('id')
      .where('slug', '=', 'varattu-opisto')
      .execute();
    expect(rows).toHaveLength(1);
  });

  it.each(['not a url', 'javascript:alert(1)', 'ftp://files.example', 'https://'])(
    'refuses the website %j naming the field',
    async (website) => {
      const slug = `opisto-${randomUUID().slice(0, 8)}`;
      const response = await createOrganisation({ slug, name: { fi: 'Opisto' }, website });
      const body = expectError(response, 400, 'request.invalid');
      expect(invalidFields(body)).toEqual(['website']);
      expect(body.error.message).toMatch(/^website: /);
      const rows = await t.database.db
        .selectFrom('organisations')
        .select('id')
        .where('slug', '=', slug)
        .execute();
      expect(rows).toEqual([]);
    },
  );

  it('refuses a malformed slug naming the field', async () => {
    const response = await createOrganisation({ slug: 'Ei Kelpaa!', name: { fi: 'Opisto' } });
    expect(invalidFields(expectError(response, 400, 'request.invalid'))).toEqual(['slug']);
  });
});

describe('changing organisations', () => {
  it('updates fields and records what changed', async () => {
    const organisation = await buildOrganisation(t.database.db);
    const response = await patchOrganisation(organisation.id, {
      name: { sv: 'Institutet' },
      website: 'https://opisto.example/en',
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      name: { fi: organisation.name_fi, sv: 'Institutet' },
      website: 'https://opisto.example/en',
    });
    const [audit] = await findAuditRows(t.database.db, {
      action: 'organisation.update',
      targetId: organisation.id,
    });
    expect(audit?.details).toEqual({ changed: ['name_sv', 'website'] });
    expect(audit?.actor_staff_id).toBe(admin.id);
  });

  it('refuses an invalid website on update too', async () => {
    const response = await patchOrganisation(active.id, { website: 'not a url' });
    expect(invalidFields(expectError(response, 400, 'request.invalid'))).toEqual(['website']);
  });

  it('deactivates an organisation, hiding it from the public, and reactivates it', async () => {
    const organisation = await buildOrganisation(t.database.db);
    const deactivated = await patchOrganisation(organisation.id, { isActive: false });
    expect(deactivated.statusCode).toBe(200);
    expect(deactivated.json()).toMatchObject({ isActive: false });
    expect(await listIds('/api/v1/organisations')).not.toContain(organisation.id);
    expect(
      await findAuditRows(t.database.db, { action: 'organisation.deactivate', targetId: organisation.id }),
    ).toHaveLength(1);

    const reactivated = await patchOrganisation(organisation.id, { isActive: true });
    expect(reactivated.json()).toMatchObject({ isActive: true });
    expect(await listIds('/api/v1/organisations')).toContain(organisation.id);
    expect(
      await findAuditRows(t.database.db, { action: 'organisation.reactivate', targetId: organisation.id }),
    ).toHaveLength(1);
  });

  it('answers 404 for an unknown organisation', async () => {
    expectError(
      await patchOrganisation(randomUUID(), { municipality: 'Oulu' }),
      404,
      'organisation.not_found',
    );
    expectError(
      await t.app.inject({ method: 'GET', url: `/api/v1/organisations/${randomUUID()}` }),
      404,
      'organisation.not_found',
    );
  });

  it('is refused to a counsellor', async () => {
    expectError(
      await patchOrganisation(active.id, { municipality: 'Kemi' }, counsellorCookie),
      403,
      'auth.forbidden',
    );
    expectError(
      await createOrganisation({ slug: 'counsellor-made', name: { fi: 'Opisto' } }, counsellorCookie),
      403,
      'auth.forbidden',
    );
  });
});

describe('the Opintopolku organisation OID', () => {
  const patch = (id: string, payload: Record<string, unknown>) =>
    t.app.inject({
      method: 'PATCH',
      url: `/api/v1/organisations/${id}`,
      headers: { cookie: adminCookie },
      payload,
    });

  it('is set, refused when malformed or taken, and cleared', async () => {
    const oid = '1.2.246.562.10.99999999999';
    const set = await patch(active.id, { opintopolkuOid: oid });
    expect(set.statusCode).toBe(200);
    expect(set.json().opintopolkuOid).toBe(oid);

    const malformed = await patch(inactive.id, { opintopolkuOid: 'oppilaitos-123' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.message).toMatch(/^opintopolkuOid: an Opintopolku organisation OID/);

    const taken = await patch(inactive.id, { opintopolkuOid: oid });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error).toMatchObject({
      code: 'organisation.opintopolku_oid_taken',
      details: { field: 'opintopolkuOid' },
    });
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/organisations',
      headers: { cookie: adminCookie },
      payload: { slug: 'oid-clash', name: { fi: 'OID-törmäys' }, opintopolkuOid: oid },
    });
    expect(created.statusCode).toBe(409);
    expect(created.json().error.code).toBe('organisation.opintopolku_oid_taken');

    const cleared = await patch(active.id, { opintopolkuOid: null });
    expect(cleared.json().opintopolkuOid).toBeNull();
  });
});
