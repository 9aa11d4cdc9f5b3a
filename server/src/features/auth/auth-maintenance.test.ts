import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStaff } from '../../test/factories.js';
import { createTestDatabase, type TestDatabase } from '../../test/test-database.js';
import { purgeExpiredAuthData } from './auth-maintenance.js';

describe('purgeExpiredAuthData', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.destroy());

  it('deletes sessions ended over a day ago, stale counters and timed-out challenges, keeping live ones', async () => {
    const db = database.db;
    const staff = await buildStaff(db);
    await db
      .insertInto('sessions')
      .values([
        { id: 'live', staff_id: staff.id, expires_at: sql<Date>`now() + interval '1 hour'` },
        { id: 'expired', staff_id: staff.id, expires_at: sql<Date>`now() - interval '2 days'` },
        {
          id: 'revoked-recently',
          staff_id: staff.id,
          expires_at: sql<Date>`now() + interval '1 hour'`,
          revoked_at: sql<Date>`now() - interval '1 hour'`,
        },
      ])
      .execute();
    await db
      .insertInto('login_throttle')
      .values([
        {
          key: 'ip:old',
          failures: 3,
          window_started_at: sql<Date>`now() - interval '1 hour'`,
          locked_until: null,
        },
        { key: 'ip:fresh', failures: 1, window_started_at: sql<Date>`now()`, locked_until: null },
        {
          key: 'ip:locked',
          failures: 9,
          window_started_at: sql<Date>`now() - interval '1 hour'`,
          locked_until: sql<Date>`now() + interval '5 minutes'`,
        },
      ])
      .execute();

    await db
      .insertInto('sign_in_challenges')
      .values([
        { id: 'waiting', staff_id: staff.id, expires_at: sql<Date>`now() + interval '4 minutes'` },
        { id: 'timed-out', staff_id: staff.id, expires_at: sql<Date>`now() - interval '1 minute'` },
      ])
      .execute();

    expect(await purgeExpiredAuthData(db, 15)).toEqual({
      sessions: 1,
      throttles: 1,
      challenges: 1,
      invitations: 0,
    });
    const challenges = await db.selectFrom('sign_in_challenges').select('id').execute();
    expect(challenges.map((c) => c.id)).toEqual(['waiting']);
    const sessions = await db.selectFrom('sessions').select('id').orderBy('id').execute();
    expect(sessions.map((s) => s.id)).toEqual(['live', 'revoked-recently']);
    const keys = await db.selectFrom('login_throttle').select('key').orderBy('key').execute();
    expect(keys.map((k) => k.key)).toEqual(['ip:fresh', 'ip:locked']);
  });
});
