import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginAs, type TestApp } from '../../test/test-app.js';
import { DEMO_PASSWORD, seedDemoData } from './demo-seed.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function snapshot() {
  const db = t.database.db;
  const [organisations, staff, audit] = await Promise.all([
    db.selectFrom('organisations').selectAll().orderBy('id').execute(),
    db.selectFrom('staff').selectAll().orderBy('id').execute(),
    db.selectFrom('audit_log').selectAll().orderBy('id').execute(),
  ]);
  return { organisations, staff, audit };
}

describe('demo seed', () => {
  it('creates three demo organisations, an admin, an editor and counsellors; a second run changes nothing', async () => {
    const first = await seedDemoData(t.database.db, t.config.CONTENT_DIR);
    expect(first.seeded).toBe(true);

    const seeded = await snapshot();
    expect(seeded.organisations).toHaveLength(3);
    for (const organisation of seeded.organisations) {
      for (const name of [organisation.name_fi, organisation.name_sv, organisation.name_en]) {
        expect(name).toContain('(demo)');
      }
      expect(organisation.is_active).toBe(true);
    }
    const roles = seeded.staff.map((person) => person.role);
    expect(roles.filter((role) => role === 'admin')).toHaveLength(1);
    expect(roles.filter((role) => role === 'editor')).toHaveLength(1);
    expect(roles.filter((role) => role === 'counsellor').length).toBeGreaterThanOrEqual(8);
    // Every counsellor belongs to one of the demo organisations.
    const organisationIds = new Set(seeded.organisations.map((organisation) => organisation.id));
    for (const person of seeded.staff.filter((p) => p.role === 'counsellor')) {
      expect(organisationIds.has(person.organisation_id ?? '')).toBe(true);
    }
    expect(first.accounts).toHaveLength(seeded.staff.length);
    expect(seeded.audit.map((row) => row.action)).toEqual(['seed.demo_data']);

    const second = await seedDemoData(t.database.db, t.config.CONTENT_DIR);
    expect(second).toEqual({ seeded: false, accounts: [] });
    expect(await snapshot()).toEqual(seeded);
  });

  it('lets the demo admin sign in with DEMO_PASSWORD', async () => {
    const admin = await t.database.db
      .selectFrom('staff')
      .select(['id', 'email'])
      .where('role', '=', 'admin')
      .executeTakeFirstOrThrow();
    const cookie = await loginAs(t.app, admin.email, DEMO_PASSWORD);
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ id: admin.id, role: 'admin', isActive: true });
    // The admin may use admin endpoints: the demo is usable as seeded.
    const staff = await t.app.inject({ method: 'GET', url: '/api/v1/staff', headers: { cookie } });
    expect(staff.statusCode).toBe(200);
  });
});
