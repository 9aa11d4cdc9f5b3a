import { randomUUID } from 'node:crypto';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findAuditRows } from '../test/audit-helpers.js';
import { buildOrganisation, buildStaff } from '../test/factories.js';
import { expectError } from '../test/http-helpers.js';
import { createTestApp, loginAs, type TestApp } from '../test/test-app.js';
import type { OrganisationRow } from '../features/organisations/organisation.table.js';
import type { StaffRow } from '../features/staff/staff.table.js';

interface StaffItem {
  id: string;
  organisationId: string | null;
  role: string;
  isActive: boolean;
}

let t: TestApp;
let orgA: OrganisationRow;
let orgB: OrganisationRow;
let admin: StaffRow;
let orgAdminA: StaffRow;
let counsellorA: StaffRow;
let counsellorB: StaffRow;
const cookies = { admin: '', orgAdminA: '', counsellorA: '' };

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  orgA = await buildOrganisation(db, { slug: 'policy-org-a' });
  orgB = await buildOrganisation(db, { slug: 'policy-org-b' });
  admin = await buildStaff(db, { role: 'admin' });
  orgAdminA = await buildStaff(db, { role: 'org_admin', organisation_id: orgA.id });
  counsellorA = await buildStaff(db, { organisation_id: orgA.id });
  counsellorB = await buildStaff(db, { organisation_id: orgB.id });
  [cookies.admin, cookies.orgAdminA, cookies.counsellorA] = await Promise.all([
    loginAs(t.app, admin.email),
    loginAs(t.app, orgAdminA.email),
    loginAs(t.app, counsellorA.email),
  ]);
});
afterAll(() => t.close());

function as(cookie: string | undefined, options: InjectOptions) {
  return t.app.inject({ ...options, headers: { ...options.headers, ...(cookie ? { cookie } : {}) } });
}

function newStaffBody(overrides: Record<string, unknown> = {}) {
  return {
    email: `new-${randomUUID().slice(0, 8)}@example.test`,
    name: 'Uusi Ohjaaja',
    role: 'counsellor',
    organisationId: orgA.id,
    languages: ['fi'],
    password: 'initial password 123',
    ...overrides,
  };
}

describe('admin endpoints refuse a counsellor', () => {
  const cases: { name: string; request: () => InjectOptions; route: string; permission: string }[] = [
    {
      name: 'POST /api/v1/staff',
      request: () => ({
        method: 'POST',
        url: '/api/v1/staff',
        payload: newStaffBody({ email: 'sneaky@example.test' }),
      }),
      route: 'POST /api/v1/staff',
      permission: 'staff.create',
    },
    {
      name: 'POST /api/v1/organisations',
      request: () => ({
        method: 'POST',
        url: '/api/v1/organisations',
        payload: { slug: 'sneaky-provider', name: { fi: 'Ovela oppilaitos' } },
      }),
      route: 'POST /api/v1/organisations',
      permission: 'organisation.create',
    },
    {
      name: 'GET /api/v1/audit',
      request: () => ({ method: 'GET', url: '/api/v1/audit' }),
      route: 'GET /api/v1/audit',
      permission: 'audit.read',
    },
    {
      name: 'GET /api/v1/staff',
      request: () => ({ method: 'GET', url: '/api/v1/staff' }),
      route: 'GET /api/v1/staff',
      permission: 'staff.list',
    },
    {
      name: 'PATCH /api/v1/staff/:id (a colleague)',
      request: () => ({
        method: 'PATCH',
        url: `/api/v1/staff/${orgAdminA.id}`,
        payload: { name: 'Hijacked' },
      }),
      route: 'PATCH /api/v1/staff/:id',
      permission: 'staff.update',
    },
  ];

  it.each(cases)(
    '$name → 403 auth.forbidden and an access.denied audit row',
    async ({ request, route, permission }) => {
      const before = await findAuditRows(t.database.db, {
        action: 'access.denied',
        actorStaffId: counsellorA.id,
      });
      const response = await as(cookies.counsellorA, request());
      expectError(response, 403, 'auth.forbidden');

      const after = await findAuditRows(t.database.db, {
        action: 'access.denied',
        actorStaffId: counsellorA.id,
      });
      expect(after).toHaveLength(before.length + 1);
      const row = after.at(-1);
      expect(row).toMatchObject({
        actor_type: 'staff',
        outcome: 'denied',
        target_type: 'route',
        target_id: route,
        organisation_id: orgA.id,
        request_id: response.headers['x-request-id'],
      });
      expect(row?.details).toMatchObject({ code: 'auth.forbidden', permission });
    },
  );

  it('left no trace of the refused changes', async () => {
    const staff = await t.database.db
      .selectFrom('staff')
      .select('id')
      .where('email', '=', 'sneaky@example.test')
      .execute();
    expect(staff).toEqual([]);
    const orgs = await t.database.db
      .selectFrom('organisations')
      .select('id')
      .where('slug', '=', 'sneaky-provider')
      .execute();
    expect(orgs).toEqual([]);
    const colleague = await t.database.db
      .selectFrom('staff')
      .select('name')
      .where('id', '=', orgAdminA.id)
      .executeTakeFirstOrThrow();
    expect(colleague.name).toBe(orgAdminA.name);
  });
});

describe('anonymous callers', () => {
  it.each([
    { method: 'GET', url: '/api/v1/staff' },
    { method: 'POST', url: '/api/v1/staff' },
    { method: 'POST', url: '/api/v1/organisations' },
    { method: 'GET', url: '/api/v1/audit' },
    { method: 'GET', url: '/api/v1/auth/me' },
  ] as const)('$method $url → 401 auth.unauthenticated', async ({ method, url }) => {
    const payload =
      url === '/api/v1/staff'
        ? newStaffBody()
        : url === '/api/v1/organisations'
          ? { slug: `anon-${randomUUID().slice(0, 8)}`, name: { fi: 'Nimetön' } }
          : undefined;
    const response = await as(undefined, { method, url, ...(payload ? { payload } : {}) });
    expectError(response, 401, 'auth.unauthenticated');
  });

  it('may not edit staff or organisations', async () => {
    expectError(
      await as(undefined, {
        method: 'PATCH',
        url: `/api/v1/staff/${counsellorA.id}`,
        payload: { name: 'Anon' },
      }),
      401,
      'auth.unauthenticated',
    );
    expectError(
      await as(undefined, {
        method: 'PATCH',
        url: `/api/v1/organisations/${orgA.id}`,
        payload: { isActive: false },
      }),
      401,
      'auth.unauthenticated',
    );
    expectError(
      await as(undefined, {
        method: 'POST',
        url: `/api/v1/staff/${counsellorA.id}/password`,
        payload: { password: 'taken over 12345' },
      }),
      401,
      'auth.unauthenticated',
    );
  });
});

describe('an org admin manages their own provider only', () => {
  it('lists the staff of their own organisation only', async () => {
    const response = await as(cookies.orgAdminA, { method: 'GET', url: '/api/v1/staff' });
    expect(response.statusCode).toBe(200);
    const items = response.json<{ items: StaffItem[] }>().items;
    const ids = items.map((item) => item.id);
    expect(ids).toEqual(expect.arrayContaining([orgAdminA.id, counsellorA.id]));
    expect(ids).not.toContain(counsellorB.id);
    expect(items.every((item) => item.organisationId === orgA.id)).toBe(true);

    const other = await as(cookies.orgAdminA, {
      method: 'GET',
      url: `/api/v1/staff?organisationId=${orgB.id}`,
    });
    expectError(other, 403, 'auth.forbidden');
  });

  it('reads their own staff and not another provider’s', async () => {
    expect(
      (await as(cookies.orgAdminA, { method: 'GET', url: `/api/v1/staff/${counsellorA.id}` })).statusCode,
    ).toBe(200);
    expectError(
      await as(cookies.orgAdminA, { method: 'GET', url: `/api/v1/staff/${counsellorB.id}` }),
      403,
      'auth.forbidden',
    );
    // An unknown id looks the same as someone else's: no probing for which ids exist.
    expectError(
      await as(cookies.orgAdminA, { method: 'GET', url: `/api/v1/staff/${randomUUID()}` }),
      403,
      'auth.forbidden',
    );
  });

  it('creates counsellors and org admins in their own organisation', async () => {
    const counsellor = await as(cookies.orgAdminA, {
      method: 'POST',
      url: '/api/v1/staff',
      payload: newStaffBody(),
    });
    expect(counsellor.statusCode).toBe(201);
    expect(counsellor.json()).toMatchObject({ organisationId: orgA.id, role: 'counsellor' });
    const colleague = await as(cookies.orgAdminA, {
      method: 'POST',
      url: '/api/v1/staff',
      payload: newStaffBody({ role: 'org_admin' }),
    });
    expect(colleague.statusCode).toBe(201);
  });

  it.each([
    { name: 'in another organisation', body: () => newStaffBody({ organisationId: orgB.id }) },
    { name: 'without an organisation', body: () => newStaffBody({ organisationId: null }) },
    { name: 'with the admin role', body: () => newStaffBody({ role: 'admin', organisationId: null }) },
    { name: 'with the admin role in their own organisation', body: () => newStaffBody({ role: 'admin' }) },
    { name: 'with the editor role', body: () => newStaffBody({ role: 'editor', organisationId: null }) },
  ])('may not create staff $name', async ({ body }) => {
    const payload = body();
    const response = await as(cookies.orgAdminA, { method: 'POST', url: '/api/v1/staff', payload });
    expectError(response, 403, 'auth.forbidden');
    const created = await t.database.db
      .selectFrom('staff')
      .select('id')
      .where('email', '=', payload.email)
      .execute();
    expect(created).toEqual([]);
  });

  it('updates their own staff but not another provider’s, and grants no admin or editor role', async () => {
    const own = await as(cookies.orgAdminA, {
      method: 'PATCH',
      url: `/api/v1/staff/${counsellorA.id}`,
      payload: { name: 'Päivitetty Ohjaaja' },
    });
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({ id: counsellorA.id, name: 'Päivitetty Ohjaaja' });

    expectError(
      await as(cookies.orgAdminA, {
        method: 'PATCH',
        url: `/api/v1/staff/${counsellorB.id}`,
        payload: { name: 'X Y' },
      }),
      403,
      'auth.forbidden',
    );
    for (const role of ['admin', 'editor']) {
      const payload = role === 'editor' ? { role, organisationId: null } : { role };
      expectError(
        await as(cookies.orgAdminA, { method: 'PATCH', url: `/api/v1/staff/${counsellorA.id}`, payload }),
        403,
        'auth.forbidden',
      );
    }
    // Moving one of their people to another provider would hand them over: refused too.
    expectError(
      await as(cookies.orgAdminA, {
        method: 'PATCH',
        url: `/api/v1/staff/${counsellorA.id}`,
        payload: { organisationId: orgB.id },
      }),
      403,
      'auth.forbidden',
    );
    const row = await t.database.db
      .selectFrom('staff')
      .select(['role', 'organisation_id'])
      .where('id', '=', counsellorA.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ role: 'counsellor', organisation_id: orgA.id });
    const other = await t.database.db
      .selectFrom('staff')
      .select('name')
      .where('id', '=', counsellorB.id)
      .executeTakeFirstOrThrow();
    expect(other.name).toBe(counsellorB.name);
  });

  it('may not edit an admin who happens to belong to their organisation', async () => {
    const orgBoundAdmin = await buildStaff(t.database.db, { role: 'admin', organisation_id: orgA.id });
    expectError(
      await as(cookies.orgAdminA, {
        method: 'PATCH',
        url: `/api/v1/staff/${orgBoundAdmin.id}`,
        payload: { isActive: false },
      }),
      403,
      'auth.forbidden',
    );
    expectError(
      await as(cookies.orgAdminA, {
        method: 'POST',
        url: `/api/v1/staff/${orgBoundAdmin.id}/password`,
        payload: { password: 'taken over 12345' },
      }),
      403,
      'auth.forbidden',
    );
  });

  it('deactivates and resets the password of their own staff only', async () => {
    const mine = await buildStaff(t.database.db, { organisation_id: orgA.id });
    const deactivated = await as(cookies.orgAdminA, {
      method: 'PATCH',
      url: `/api/v1/staff/${mine.id}`,
      payload: { isActive: false },
    });
    expect(deactivated.statusCode).toBe(200);
    expect(deactivated.json()).toMatchObject({ isActive: false });
    expectError(
      await as(cookies.orgAdminA, {
        method: 'PATCH',
        url: `/api/v1/staff/${counsellorB.id}`,
        payload: { isActive: false },
      }),
      403,
      'auth.forbidden',
    );

    const reset = await as(cookies.orgAdminA, {
      method: 'POST',
      url: `/api/v1/staff/${counsellorA.id}/password`,
      payload: { password: 'fresh initial password' },
    });
    expect(reset.statusCode).toBe(204);
    expectError(
      await as(cookies.orgAdminA, {
        method: 'POST',
        url: `/api/v1/staff/${counsellorB.id}/password`,
        payload: { password: 'fresh initial password' },
      }),
      403,
      'auth.forbidden',
    );
    const b = await t.database.db
      .selectFrom('staff')
      .select(['is_active', 'password_hash'])
      .where('id', '=', counsellorB.id)
      .executeTakeFirstOrThrow();
    expect(b).toEqual({ is_active: true, password_hash: counsellorB.password_hash });
  });

  it('edits their own organisation, but not its status and not another organisation', async () => {
    const own = await as(cookies.orgAdminA, {
      method: 'PATCH',
      url: `/api/v1/organisations/${orgA.id}`,
      payload: { municipality: 'Kemi', name: { en: 'Provider A' } },
    });
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({
      id: orgA.id,
      municipality: 'Kemi',
      name: { fi: orgA.name_fi, en: 'Provider A' },
    });

    expectError(
      await as(cookies.orgAdminA, {
        method: 'PATCH',
        url: `/api/v1/organisations/${orgA.id}`,
        payload: { isActive: false },
      }),
      403,
      'auth.forbidden',
    );
    expectError(
      await as(cookies.orgAdminA, {
        method: 'PATCH',
        url: `/api/v1/organisations/${orgB.id}`,
        payload: { municipality: 'Kemi' },
      }),
      403,
      'auth.forbidden',
    );
    const rows = await t.database.db
      .selectFrom('organisations')
      .select(['id', 'is_active', 'municipality'])
      .where('id', 'in', [orgA.id, orgB.id])
      .orderBy('slug')
      .execute();
    expect(rows).toEqual([
      { id: orgA.id, is_active: true, municipality: 'Kemi' },
      { id: orgB.id, is_active: true, municipality: orgB.municipality },
    ]);
  });

  it('reads the audit log of their own organisation only', async () => {
    const response = await as(cookies.orgAdminA, { method: 'GET', url: '/api/v1/audit?limit=200' });
    expect(response.statusCode).toBe(200);
    const items = response.json<{ items: { organisationId: string | null; action: string }[] }>().items;
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((item) => item.organisationId === orgA.id)).toBe(true);

    const all = await as(cookies.admin, { method: 'GET', url: '/api/v1/audit?limit=200' });
    const adminItems = all.json<{ items: { organisationId: string | null }[] }>().items;
    expect(adminItems.some((item) => item.organisationId !== orgA.id)).toBe(true);
  });
});

describe('nobody changes their own access', () => {
  it('refuses an admin deactivating themselves', async () => {
    const response = await as(cookies.admin, {
      method: 'PATCH',
      url: `/api/v1/staff/${admin.id}`,
      payload: { isActive: false },
    });
    expectError(response, 409, 'staff.cannot_change_own_access');
    expect((await as(cookies.admin, { method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(200);
  });

  it('refuses an org admin deactivating themselves or changing their own role', async () => {
    expectError(
      await as(cookies.orgAdminA, {
        method: 'PATCH',
        url: `/api/v1/staff/${orgAdminA.id}`,
        payload: { isActive: false },
      }),
      409,
      'staff.cannot_change_own_access',
    );
    expectError(
      await as(cookies.orgAdminA, {
        method: 'PATCH',
        url: `/api/v1/staff/${orgAdminA.id}`,
        payload: { role: 'counsellor' },
      }),
      409,
      'staff.cannot_change_own_access',
    );
    const row = await t.database.db
      .selectFrom('staff')
      .select(['is_active', 'role'])
      .where('id', '=', orgAdminA.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ is_active: true, role: 'org_admin' });
  });

  it('still lets people edit their own name', async () => {
    const response = await as(cookies.orgAdminA, {
      method: 'PATCH',
      url: `/api/v1/staff/${orgAdminA.id}`,
      payload: { name: 'Oma Nimi' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ name: 'Oma Nimi', isActive: true, role: 'org_admin' });
  });
});
