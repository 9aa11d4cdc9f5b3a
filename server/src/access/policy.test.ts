import { randomUUID } from 'node:crypto';
import type { InjectOptions } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { findAuditRows } from '../test/audit-helpers.js';
import { buildOrganisation, buildStaff, staffAccountBody, readStaff } from '../test/factories.js';
import { expectError } from '../test/http-helpers.js';
import { loginAs, useTestApp } from '../test/test-app.js';
import type { OrganisationRow } from '../features/organisations/organisation.table.js';
import type { StaffRow } from '../features/staff/staff.table.js';

interface StaffItem {
  id: string;
  organisationId: string | null;
  role: string;
  isActive: boolean;
}

const t = useTestApp();
let orgA: OrganisationRow;
let orgB: OrganisationRow;
let admin: StaffRow;
let orgAdminA: StaffRow;
let counsellorA: StaffRow;
let counsellorB: StaffRow;
const cookies = { admin: '', orgAdminA: '', counsellorA: '' };

beforeAll(async () => {
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

function as(cookie: string | undefined, options: InjectOptions) {
  return t.app.inject({ ...options, headers: { ...options.headers, ...(cookie ? { cookie } : {}) } });
}

/** Asserts that `cookie` (none: anonymous) is refused `options` with this status and code. */
async function expectRefused(
  cookie: string | undefined,
  options: InjectOptions,
  status = 403,
  code = 'auth.forbidden',
) {
  return expectError(await as(cookie, options), status, code);
}

function newStaffBody(overrides: Record<string, unknown> = {}) {
  return staffAccountBody({
    name: 'Uusi Ohjaaja',
    organisationId: orgA.id,
    ...overrides,
  });
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
    const colleague = await readStaff(t.database.db, orgAdminA.id, ['name']);
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
    const edits: InjectOptions[] = [
      { method: 'PATCH', url: `/api/v1/staff/${counsellorA.id}`, payload: { name: 'Anon' } },
      { method: 'PATCH', url: `/api/v1/organisations/${orgA.id}`, payload: { isActive: false } },
      { method: 'POST', url: `/api/v1/staff/${counsellorA.id}/invitation` },
    ];
    for (const edit of edits) await expectRefused(undefined, edit, 401, 'auth.unauthenticated');
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
    await expectRefused(cookies.orgAdminA, { method: 'GET', url: `/api/v1/staff/${counsellorB.id}` });
    // An unknown id looks the same as someone else's: no probing for which ids exist.
    await expectRefused(cookies.orgAdminA, { method: 'GET', url: `/api/v1/staff/${randomUUID()}` });
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

    await expectRefused(cookies.orgAdminA, {
      method: 'PATCH',
      url: `/api/v1/staff/${counsellorB.id}`,
      payload: { name: 'X Y' },
    });
    for (const role of ['admin', 'editor']) {
      const payload = role === 'editor' ? { role, organisationId: null } : { role };
      await expectRefused(cookies.orgAdminA, {
        method: 'PATCH',
        url: `/api/v1/staff/${counsellorA.id}`,
        payload,
      });
    }
    // Moving one of their people to another provider would hand them over: refused too.
    await expectRefused(cookies.orgAdminA, {
      method: 'PATCH',
      url: `/api/v1/staff/${counsellorA.id}`,
      payload: { organisationId: orgB.id },
    });
    const row = await readStaff(t.database.db, counsellorA.id, ['role', 'organisation_id']);
    expect(row).toEqual({ role: 'counsellor', organisation_id: orgA.id });
    const other = await readStaff(t.database.db, counsellorB.id, ['name']);
    expect(other.name).toBe(counsellorB.name);
  });

  it('may not edit an admin who happens to belong to their organisation', async () => {
    const orgBoundAdmin = await buildStaff(t.database.db, { role: 'admin', organisation_id: orgA.id });
    await expectRefused(cookies.orgAdminA, {
      method: 'PATCH',
      url: `/api/v1/staff/${orgBoundAdmin.id}`,
      payload: { isActive: false },
    });
    await expectRefused(cookies.orgAdminA, {
      method: 'POST',
      url: `/api/v1/staff/${orgBoundAdmin.id}/invitation`,
    });
  });

  it('deactivates and sends password links to their own staff only', async () => {
    const mine = await buildStaff(t.database.db, { organisation_id: orgA.id });
    const deactivated = await as(cookies.orgAdminA, {
      method: 'PATCH',
      url: `/api/v1/staff/${mine.id}`,
      payload: { isActive: false },
    });
    expect(deactivated.statusCode).toBe(200);
    expect(deactivated.json()).toMatchObject({ isActive: false });
    await expectRefused(cookies.orgAdminA, {
      method: 'PATCH',
      url: `/api/v1/staff/${counsellorB.id}`,
      payload: { isActive: false },
    });

    const link = await as(cookies.orgAdminA, {
      method: 'POST',
      url: `/api/v1/staff/${counsellorA.id}/invitation`,
    });
    expect(link.statusCode).toBe(200);
    await expectRefused(cookies.orgAdminA, {
      method: 'POST',
      url: `/api/v1/staff/${counsellorB.id}/invitation`,
    });
    const sentToB = await t.database.db
      .selectFrom('staff_invitations')
      .select('id')
      .where('staff_id', '=', counsellorB.id)
      .execute();
    expect(sentToB).toEqual([]);
    const b = await readStaff(t.database.db, counsellorB.id, ['is_active', 'password_hash']);
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

    await expectRefused(cookies.orgAdminA, {
      method: 'PATCH',
      url: `/api/v1/organisations/${orgA.id}`,
      payload: { isActive: false },
    });
    await expectRefused(cookies.orgAdminA, {
      method: 'PATCH',
      url: `/api/v1/organisations/${orgB.id}`,
      payload: { municipality: 'Kemi' },
    });
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
    await expectRefused(
      cookies.orgAdminA,
      {
        method: 'PATCH',
        url: `/api/v1/staff/${orgAdminA.id}`,
        payload: { isActive: false },
      },
      409,
      'staff.cannot_change_own_access',
    );
    await expectRefused(
      cookies.orgAdminA,
      {
        method: 'PATCH',
        url: `/api/v1/staff/${orgAdminA.id}`,
        payload: { role: 'counsellor' },
      },
      409,
      'staff.cannot_change_own_access',
    );
    const row = await readStaff(t.database.db, orgAdminA.id, ['is_active', 'role']);
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
