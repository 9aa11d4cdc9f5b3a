import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { findAuditRows } from '../../test/audit-helpers.js';
import {
  buildOrganisation,
  buildStaff,
  TEST_PASSWORD,
  staffAccountBody,
  readStaff,
  sessionRevocations,
} from '../../test/factories.js';
import { expectError, invalidFields } from '../../test/http-helpers.js';
import { invitationToken } from '../../test/mail-helpers.js';
import { loginAs, signedIn, useTestApp, patchStaff } from '../../test/test-app.js';
import type { OrganisationRow } from '../organisations/organisation.table.js';
import type { StaffRow } from './staff.table.js';

const OWN_PASSWORD = 'my own passphrase 2026';

interface StaffView {
  id: string;
  email: string;
  role: string;
  organisationId: string | null;
  organisationName: string | null;
  isActive: boolean;
  mustChangePassword: boolean;
}

const t = useTestApp();
let organisation: OrganisationRow;
let admin: StaffRow;
let adminCookie: string;

beforeAll(async () => {
  organisation = await buildOrganisation(t.database.db);
  ({ staff: admin, cookie: adminCookie } = await signedIn(t, { role: 'admin' }));
});

function createStaff(payload: Record<string, unknown>) {
  return t.app.inject({ method: 'POST', url: '/api/v1/staff', headers: { cookie: adminCookie }, payload });
}

function sendLink(id: string) {
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/staff/${id}/invitation`,
    headers: { cookie: adminCookie },
  });
}

function getMe(cookie: string) {
  return t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
}

function counsellorBody(overrides: Record<string, unknown> = {}) {
  return staffAccountBody({
    name: 'Kaisa Ohjaaja',
    organisationId: organisation.id,
    languages: ['fi', 'sv'],
    expertise: ['adult_education'],
    ...overrides,
  });
}

describe('creating staff', () => {
  it('creates a counsellor without a password, who sets their own through the mailed invitation', async () => {
    const body = counsellorBody({ email: 'Kaisa.Ohjaaja@Example.test' });
    const response = await createStaff(body);
    expect(response.statusCode).toBe(201);
    const created = response.json<StaffView>();
    expect(created).toMatchObject({
      email: 'kaisa.ohjaaja@example.test',
      role: 'counsellor',
      organisationId: organisation.id,
      organisationName: organisation.name_fi,
      isActive: true,
      mustChangePassword: false,
    });
    expect(response.body).not.toMatch(/password_?hash|\$argon2/i);
    expect(await readStaff(t.database.db, created.id, ['password_hash'])).toEqual({ password_hash: null });
    // No password, so no sign-in yet.
    await expect(loginAs(t.app, 'kaisa.ohjaaja@example.test', OWN_PASSWORD)).rejects.toThrow(/401/);

    const token = await invitationToken(t.database.db, 'kaisa.ohjaaja@example.test');
    const accepted = await t.app.inject({
      method: 'POST',
      url: `/api/v1/auth/invitations/${token}/accept`,
      payload: { password: OWN_PASSWORD },
    });
    expect(accepted.statusCode).toBe(200);
    const cookie = await loginAs(t.app, 'kaisa.ohjaaja@example.test', OWN_PASSWORD);
    expect((await getMe(cookie)).json()).toMatchObject({ id: created.id, mustChangePassword: false });

    const [audit] = await findAuditRows(t.database.db, { action: 'staff.create', targetId: created.id });
    expect(audit).toMatchObject({
      actor_staff_id: admin.id,
      organisation_id: organisation.id,
      outcome: 'success',
      target_type: 'staff',
    });
    expect(audit?.details).toEqual({ role: 'counsellor' });
  });

  it('refuses an email already in use, whatever its case', async () => {
    await buildStaff(t.database.db, { email: 'Taken.Address@example.test' });
    const response = await createStaff(counsellorBody({ email: 'taken.address@EXAMPLE.TEST' }));
    const body = expectError(response, 409, 'staff.email_taken');
    expect(body.error.details).toEqual({ field: 'email' });
    const count = await t.database.db
      .selectFrom('staff')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('email', 'ilike', 'taken.address@example.test')
      .executeTakeFirstOrThrow();
    expect(Number(count.count)).toBe(1);
  });

  it('refuses a counsellor or org admin without an organisation', async () => {
    for (const payload of [
      counsellorBody({ organisationId: null }),
      counsellorBody({ organisationId: undefined }),
      counsellorBody({ role: 'org_admin', organisationId: null }),
    ]) {
      const body = expectError(await createStaff(payload), 400, 'staff.organisation_required');
      expect(body.error.details).toEqual({ field: 'organisationId' });
    }
  });

  it('refuses an organisation that does not exist or is inactive', async () => {
    expectError(
      await createStaff(counsellorBody({ organisationId: randomUUID() })),
      400,
      'staff.organisation_not_found',
    );
    const closed = await buildOrganisation(t.database.db, { is_active: false });
    expectError(
      await createStaff(counsellorBody({ organisationId: closed.id })),
      400,
      'staff.organisation_not_found',
    );
  });

  it('creates an editor without an organisation', async () => {
    const response = await createStaff(counsellorBody({ role: 'editor', organisationId: null }));
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ role: 'editor', organisationId: null });
  });

  it('validates the body and names the fields', async () => {
    const response = await createStaff(
      counsellorBody({ email: 'not an email', languages: [], expertise: ['astrology'] }),
    );
    const body = expectError(response, 400, 'request.invalid');
    expect(invalidFields(body)).toEqual(expect.arrayContaining(['email', 'languages', 'expertise.0']));
  });
});

describe('changing staff', () => {
  it('updates a person and records which fields changed', async () => {
    const person = await buildStaff(t.database.db, { organisation_id: organisation.id });
    const response = await patchStaff(t.app, adminCookie, person.id, {
      name: 'Uusi Nimi',
      languages: ['fi', 'en'],
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ id: person.id, name: 'Uusi Nimi', languages: ['fi', 'en'] });

    const [audit] = await findAuditRows(t.database.db, { action: 'staff.update', targetId: person.id });
    expect(audit).toMatchObject({ actor_staff_id: admin.id, organisation_id: organisation.id });
    expect(audit?.details).toEqual({ changed: ['name', 'languages'] });
  });

  it('refuses to move an email onto one already in use', async () => {
    const first = await buildStaff(t.database.db, { email: 'first.person@example.test' });
    const second = await buildStaff(t.database.db);
    const response = await patchStaff(t.app, adminCookie, second.id, { email: 'FIRST.person@example.test' });
    expectError(response, 409, 'staff.email_taken');
    const row = await readStaff(t.database.db, second.id, ['email']);
    expect(row.email).toBe(second.email);
    expect(row.email).not.toBe(first.email);
  });

  it('answers 404 for an unknown person and 400 for a malformed id', async () => {
    expectError(
      await patchStaff(t.app, adminCookie, randomUUID(), { name: 'Ei Ketään' }),
      404,
      'staff.not_found',
    );
    const malformed = await patchStaff(t.app, adminCookie, 'not-a-uuid', { name: 'Ei Ketään' });
    expect(invalidFields(expectError(malformed, 400, 'request.invalid'))).toEqual(['params.id']);
  });
});

describe('deactivation and password links', () => {
  it('revokes the person’s open session at once, and reactivation does not revive it', async () => {
    const person = await buildStaff(t.database.db, { organisation_id: organisation.id });
    const cookie = await loginAs(t.app, person.email);
    expect((await getMe(cookie)).statusCode).toBe(200);

    const deactivated = await patchStaff(t.app, adminCookie, person.id, { isActive: false });
    expect(deactivated.statusCode).toBe(200);
    expect(deactivated.json()).toMatchObject({ isActive: false });
    expectError(await getMe(cookie), 401, 'auth.unauthenticated');
    const sessions = await sessionRevocations(t.database.db, person.id);
    expect(sessions.map((session) => session.revoke_reason)).toEqual(['deactivated']);
    expectError(
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: person.email, password: TEST_PASSWORD },
      }),
      401,
      'auth.invalid_credentials',
    );
    const [deactivation] = await findAuditRows(t.database.db, {
      action: 'staff.deactivate',
      targetId: person.id,
    });
    expect(deactivation?.details).toEqual({ changed: ['is_active'], revokedSessions: 1 });
    expect(deactivation?.actor_staff_id).toBe(admin.id);

    const reactivated = await patchStaff(t.app, adminCookie, person.id, { isActive: true });
    expect(reactivated.statusCode).toBe(200);
    expect(reactivated.json()).toMatchObject({ isActive: true });
    expectError(await getMe(cookie), 401, 'auth.unauthenticated');
    expect(
      await findAuditRows(t.database.db, { action: 'staff.reactivate', targetId: person.id }),
    ).toHaveLength(1);

    // A fresh sign-in works again.
    const fresh = await loginAs(t.app, person.email);
    expect((await getMe(fresh)).statusCode).toBe(200);
  });

  it('hides deactivated people from the list unless asked for them', async () => {
    const person = await buildStaff(t.database.db, { organisation_id: organisation.id, is_active: false });
    const list = (url: string) =>
      t.app.inject({ method: 'GET', url, headers: { cookie: adminCookie } }).then((response) => {
        expect(response.statusCode).toBe(200);
        return response.json<{ items: StaffView[] }>().items.map((item) => item.id);
      });
    expect(await list(`/api/v1/staff?organisationId=${organisation.id}`)).not.toContain(person.id);
    expect(await list(`/api/v1/staff?organisationId=${organisation.id}&includeInactive=true`)).toContain(
      person.id,
    );
  });

  it('sends a new link: the old password works until the new one is set, then every session ends', async () => {
    const person = await buildStaff(t.database.db, { organisation_id: organisation.id });
    const cookie = await loginAs(t.app, person.email);

    const response = await sendLink(person.id);
    expect(response.statusCode).toBe(200);
    const hoursLeft = (Date.parse(response.json<{ expiresAt: string }>().expiresAt) - Date.now()) / 3_600_000;
    expect(hoursLeft).toBeGreaterThan(71.9);
    expect(hoursLeft).toBeLessThanOrEqual(72);
    expect((await getMe(cookie)).statusCode).toBe(200);
    const token = await invitationToken(t.database.db, person.email);
    const about = await t.app.inject({ method: 'GET', url: `/api/v1/auth/invitations/${token}` });
    expect(about.json()).toMatchObject({ email: person.email, kind: 'reset' });

    const accepted = await t.app.inject({
      method: 'POST',
      url: `/api/v1/auth/invitations/${token}/accept`,
      payload: { password: OWN_PASSWORD },
    });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({ staff: { id: person.id } });
    expectError(await getMe(cookie), 401, 'auth.unauthenticated');
    await expect(loginAs(t.app, person.email, TEST_PASSWORD)).rejects.toThrow(/401/);
    expect(await loginAs(t.app, person.email, OWN_PASSWORD)).toBeTruthy();

    const [audit] = await findAuditRows(t.database.db, { action: 'staff.invite', targetId: person.id });
    expect(audit).toMatchObject({ actor_staff_id: admin.id, organisation_id: organisation.id });
    expect(audit?.details).toEqual({ kind: 'reset' });
    const [accept] = await findAuditRows(t.database.db, {
      action: 'auth.invitation_accept',
      targetId: person.id,
    });
    expect(accept?.details).toEqual({ kind: 'reset', revokedSessions: 1 });
  });

  it('answers 404 for an unknown person and refuses a deactivated one', async () => {
    expectError(await sendLink(randomUUID()), 404, 'staff.not_found');
    const gone = await buildStaff(t.database.db, { organisation_id: organisation.id, is_active: false });
    expectError(await sendLink(gone.id), 409, 'staff.inactive');
  });
});

describe('common passwords', () => {
  // One from the list, one character repeated, one run of digits: all 12 characters long.
  const COMMON_PASSWORDS = ['password1234', 'aaaaaaaaaaaa', '123456789012'];

  it('refuses a common password through a link, keeps the old one working and the link usable', async () => {
    const person = await buildStaff(t.database.db);
    const cookie = await loginAs(t.app, person.email);
    expect((await sendLink(person.id)).statusCode).toBe(200);
    const token = await invitationToken(t.database.db, person.email);
    const accept = (password: string) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/auth/invitations/${token}/accept`,
        payload: { password },
      });
    for (const password of COMMON_PASSWORDS) {
      const error = expectError(await accept(password), 400, 'auth.password_too_common');
      expect(error.error.details).toEqual({ field: 'password' });
    }
    expect((await getMe(cookie)).statusCode).toBe(200);
    expect(await loginAs(t.app, person.email, TEST_PASSWORD)).toBeTruthy();
    await expect(loginAs(t.app, person.email, 'password1234')).rejects.toThrow(/401/);
    expect((await accept(OWN_PASSWORD)).statusCode).toBe(200);
  });

  it('refuses the person’s own email as their password', async () => {
    const body = counsellorBody({ email: 'long.enough.address@example.test' });
    expect((await createStaff(body)).statusCode).toBe(201);
    const token = await invitationToken(t.database.db, body.email);
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/v1/auth/invitations/${token}/accept`,
      payload: { password: 'Long.Enough.Address@example.test' },
    });
    expect(expectError(response, 400, 'auth.password_is_email').error.details).toEqual({ field: 'password' });
  });
});

describe('the audit trail of staff changes', () => {
  it('holds no password and no hash anywhere', async () => {
    const created = await createStaff(counsellorBody());
    expect(created.statusCode).toBe(201);
    const { id } = created.json<StaffView>();
    expect((await patchStaff(t.app, adminCookie, id, { name: 'Toinen Nimi' })).statusCode).toBe(200);
    expect((await sendLink(id)).statusCode).toBe(200);
    expect((await patchStaff(t.app, adminCookie, id, { isActive: false })).statusCode).toBe(200);

    const own = await findAuditRows(t.database.db, { targetId: id });
    expect(own.map((row) => row.action)).toEqual([
      'staff.create',
      'staff.update',
      'staff.invite',
      'staff.deactivate',
    ]);
    const rows = await t.database.db.selectFrom('audit_log').select('details').execute();
    const hashes = await t.database.db.selectFrom('staff').select('password_hash').execute();
    for (const row of rows) {
      const text = JSON.stringify(row.details);
      for (const secret of [OWN_PASSWORD, TEST_PASSWORD, '$argon2']) {
        expect(text).not.toContain(secret);
      }
      for (const hash of hashes) expect(text).not.toContain(hash.password_hash);
      expect(text).not.toMatch(/password_hash|passwordHash/);
    }
  });

  it('is readable by the admin through the API', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/v1/audit?action=staff.create&limit=5',
      headers: { cookie: adminCookie },
    });
    expect(response.statusCode).toBe(200);
    const items = response.json<{ items: { action: string; actorStaffId: string; actorName: string }[] }>()
      .items;
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((item) => item.action === 'staff.create')).toBe(true);
    expect(items[0]).toMatchObject({ actorStaffId: admin.id, actorName: admin.name });
  });
});
