import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginAs, type TestApp } from '../../test/test-app.js';
import type { Db } from '../database-types.js';
import { openDatabase, type DatabaseHandle } from '../database.js';
import { DEMO_PASSWORD, seedDemoData, type SeedResult } from './demo-seed.js';

let t: TestApp;
let startUps: PromiseSettledResult<SeedResult>[];

/** Polls until `count` sessions of this database wait for a lock; the racers are then lined up. */
async function waitForLockWaiters(db: Db, count: number): Promise<void> {
  for (let attempt = 0; attempt < 500; attempt++) {
    const { rows } = await sql<{ waiting: number }>`
      select count(*)::int as waiting from pg_stat_activity
      where datname = current_database() and wait_event_type = 'Lock'`.execute(db);
    if ((rows[0]?.waiting ?? 0) >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`the ${count} seed runs never met at the organisations table`);
}

/**
 * Several nodes starting at once on an empty database all try to seed it. On PostgreSQL they run
 * through separate connection pools, and every insert into organisations is held back until all
 * of them got that far, so that they truly overlap. PGlite has one connection: they queue on it.
 */
async function startNodesAtOnce(nodes: number): Promise<PromiseSettledResult<SeedResult>[]> {
  const seed = (handle: DatabaseHandle) => seedDemoData(handle.db, t.config.CONTENT_DIR);
  if (t.database.engine !== 'postgres') {
    return Promise.allSettled(Array.from({ length: nodes }, () => seed(t.database)));
  }
  const handles = await Promise.all(
    Array.from({ length: nodes }, () =>
      openDatabase({
        databaseUrl: t.database.url,
        pgliteDataDir: '',
        statementTimeoutMs: 15_000,
        poolSize: 1,
      }),
    ),
  );
  try {
    let runs: Promise<PromiseSettledResult<SeedResult>[]> | undefined;
    await t.database.db.transaction().execute(async (trx) => {
      // Reads pass this lock, inserts wait for it.
      await sql`lock table organisations in share row exclusive mode`.execute(trx);
      runs = Promise.allSettled(handles.map(seed));
      // Watched from another connection: inside a transaction pg_stat_activity is a snapshot.
      await waitForLockWaiters(t.database.db, nodes);
    });
    return await runs!;
  } finally {
    await Promise.all(handles.map((handle) => handle.close()));
  }
}

beforeAll(async () => {
  t = await createTestApp();
  startUps = await startNodesAtOnce(4);
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
  it('seeds exactly once when several nodes start at the same time', () => {
    const failures = startUps.filter((run) => run.status === 'rejected');
    expect(failures.map((run) => String(run.reason))).toEqual([]);
    const seeded = startUps.map((run) => (run.status === 'fulfilled' ? run.value.seeded : undefined));
    expect(seeded.filter((value) => value === true)).toHaveLength(1);
    expect(seeded.filter((value) => value === false)).toHaveLength(3);
  });

  it('creates three demo organisations, one admin, one editor and at least eight counsellors', async () => {
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
    const winner = startUps.find((run) => run.status === 'fulfilled' && run.value.seeded);
    expect(winner?.status === 'fulfilled' && winner.value.accounts).toHaveLength(seeded.staff.length);
    expect(seeded.audit.map((row) => row.action)).toEqual(['seed.demo_data']);
    // Demo contacts in the inbox: invented clients only, call-backs due in the future.
    const contacts = await t.database.db
      .selectFrom('conversations as c')
      .innerJoin('clients as cl', 'cl.id', 'c.client_id')
      .select(['c.channel', 'c.due_at', 'cl.first_name', 'cl.email'])
      .execute();
    expect(contacts.filter((c) => c.channel === 'email').length).toBeGreaterThanOrEqual(3);
    expect(contacts.filter((c) => c.channel === 'phone').length).toBeGreaterThanOrEqual(2);
    for (const contact of contacts) {
      expect(contact.first_name).toContain('(demo)');
      if (contact.email) expect(contact.email).toMatch(/@example\.net$/);
      if (contact.channel === 'phone') expect(contact.due_at!.getTime()).toBeGreaterThan(Date.now());
    }
  });

  it('changes nothing when it runs again', async () => {
    const before = await snapshot();
    expect(before.staff.length).toBeGreaterThan(0);
    const again = await seedDemoData(t.database.db, t.config.CONTENT_DIR);
    expect(again).toEqual({ seeded: false, accounts: [] });
    expect(await snapshot()).toEqual(before);
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
