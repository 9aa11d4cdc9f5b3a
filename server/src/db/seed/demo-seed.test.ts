import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { loginAs, useTestApp } from '../../test/test-app.js';
import type { Db } from '../database-types.js';
import { openDatabase, type DatabaseHandle } from '../database.js';
import { helsinkiClock } from '../../shared/helsinki-time.js';
import { DEMO_PASSWORD, seedDemoData, type SeedResult } from './demo-seed.js';

const t = useTestApp();
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
  startUps = await startNodesAtOnce(4);
});

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
    // Demo contacts in the inbox: invented clients only, call-backs due from today on, a
    // contact request from the finder waiting in the queue.
    const contacts = await t.database.db
      .selectFrom('conversations as c')
      .innerJoin('clients as cl', 'cl.id', 'c.client_id')
      .select(['c.channel', 'c.status', 'c.due_at', 'cl.first_name', 'cl.email'])
      .execute();
    expect(contacts.filter((c) => c.channel === 'email').length).toBeGreaterThanOrEqual(3);
    expect(contacts.filter((c) => c.channel === 'phone').length).toBeGreaterThanOrEqual(2);
    expect(contacts.filter((c) => c.channel === 'web_form' && c.status === 'queued')).toHaveLength(1);
    const today = helsinkiClock(new Date()).day;
    for (const contact of contacts) {
      expect(contact.first_name).toContain('(demo)');
      if (contact.email) expect(contact.email).toMatch(/@example\.net$/);
      if (contact.channel === 'phone') expect(helsinkiClock(contact.due_at!).day >= today).toBe(true);
    }
    expect(
      contacts.filter((c) => c.channel === 'phone' && helsinkiClock(c.due_at!).day === today),
    ).toHaveLength(1);
  });

  it('gives every counsellor and provider admin weekly phone, video and face-to-face hours', async () => {
    const bookable = await t.database.db
      .selectFrom('staff')
      .select(['id', 'email'])
      .where('role', 'in', ['counsellor', 'org_admin'])
      .execute();
    expect(bookable.length).toBeGreaterThanOrEqual(9);
    const rules = await t.database.db.selectFrom('availability_rules').selectAll().execute();
    for (const person of bookable) {
      const own = rules.filter((r) => r.staff_id === person.id);
      expect(new Set(own.map((r) => r.channel)), person.email).toEqual(
        new Set(['phone', 'video', 'in_person']),
      );
      for (const rule of own) {
        // Office hours only: evenings stay free for the journeys' own test hours.
        expect(rule.start_minute).toBeGreaterThanOrEqual(9 * 60);
        expect(rule.end_minute).toBeLessThanOrEqual(16 * 60);
        if (rule.channel === 'in_person') expect(rule.location).toContain('(demo)');
      }
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
