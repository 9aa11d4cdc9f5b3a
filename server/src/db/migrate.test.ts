import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStaff } from '../test/factories.js';
import { createTestDatabase, type TestDatabase } from '../test/test-database.js';
import { openDatabase, type DatabaseHandle } from './database.js';
import { isFullyMigrated, migrateToLatest, rollbackOne } from './migrate.js';

const CORE = '2026-11-29T10-00-core';
const KNOWLEDGE_BASE = '2026-11-29T20-00-knowledge-base';
const SEARCH_SPEED = '2026-11-29T23-00-search-speed';
const CATALOGUE = '2026-11-30T00-00-catalogue';
const CHAT = '2026-11-30T02-00-chat';
const MAIL = '2026-11-30T05-00-mail';
const APPOINTMENTS = '2026-11-30T07-00-appointments';
const OUTREACH = '2026-11-30T09-00-outreach';
const REPORTS = '2026-11-30T09-40-reports';
const ADHOC_VIDEO = '2026-11-30T09-50-adhoc-video';
const REPORT_ROLLUP = '2026-11-30T10-30-report-rollup';
const RATE_LIMITS = '2026-12-04T15-53-rate-limits';
const SELF_HELP = '2026-12-05T13-30-self-help';
const SESSION_DETAILS = '2026-12-05T22-00-session-details';
const SELF_HELP_CHATS = '2026-12-06T02-00-self-help-chats';
const TWO_STEP = '2026-12-06T05-00-two-step';
const STAFF_INVITATIONS = '2026-12-06T06-00-staff-invitations';
const PASSKEYS = '2026-12-06T07-00-passkeys';
const SINGLE_SIGN_ON = '2026-12-06T08-00-single-sign-on';
const PRIVACY = '2026-12-07T01-00-privacy';
const RETENTION_SETTINGS = '2026-12-07T03-00-retention-settings';
const TRAINING = '2026-12-07T05-00-training';
const SHADOWING = '2026-12-07T06-00-shadowing';
const ABOUT_YOU = '2026-12-07T08-00-about-you';
const GROUP_SESSIONS = '2026-12-07T10-00-group-sessions';
const CANNED_LANGUAGES = '2026-12-07T12-00-canned-languages';
const ALL = [
  CORE,
  KNOWLEDGE_BASE,
  SEARCH_SPEED,
  CATALOGUE,
  CHAT,
  MAIL,
  APPOINTMENTS,
  OUTREACH,
  REPORTS,
  ADHOC_VIDEO,
  REPORT_ROLLUP,
  RATE_LIMITS,
  SELF_HELP,
  SESSION_DETAILS,
  SELF_HELP_CHATS,
  TWO_STEP,
  STAFF_INVITATIONS,
  PASSKEYS,
  SINGLE_SIGN_ON,
  PRIVACY,
  RETENTION_SETTINGS,
  TRAINING,
  SHADOWING,
  ABOUT_YOU,
  GROUP_SESSIONS,
  CANNED_LANGUAGES,
];
const mailTables = [
  'attachments',
  'mail_message_ids',
  'mail_send_counters',
  'appointments',
  'availability_rules',
  'availability_exceptions',
  'booking_settings',
  'service_keys',
  'events',
  'event_staff',
  'daily_counters',
  'invitation_rules',
  'video_calls',
  'rate_limits',
];
const chatTables = [
  'canned_responses',
  'chat_settings',
  'conversation_feedback',
  'opening_exceptions',
  'opening_hours',
  'outgoing_mail',
  'staff_presence',
];
const knowledgeBaseTables = [
  'article_feedback',
  'article_revisions',
  'article_versions',
  'articles',
  'search_vocabulary',
];
const coreTables = [
  'audit_log',
  'clients',
  'conversations',
  'login_throttle',
  'messages',
  'organisations',
  'sessions',
  'staff',
];
const signInTables = [
  'auth_settings',
  'sign_in_challenges',
  'sso_logins',
  'sso_providers',
  'staff_invitations',
  'staff_passkeys',
  'staff_recovery_codes',
  'staff_sso_links',
  'webauthn_challenges',
  'retention_settings',
  'practice_scenarios',
  'practice_sessions',
  'practice_messages',
  'practice_reviews',
  'practice_message_comments',
  'handbook_reads',
  'shadow_sessions',
  'shadow_notes',
  'event_registrations',
];

// One empty database for the file: on PGlite a fresh one costs an initdb, so it is made once.
let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase({ migrate: false });
});
afterAll(() => database.destroy());

async function publicTables(db: DatabaseHandle['db']): Promise<string[]> {
  const result = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE'
    order by table_name`.execute(db);
  return result.rows.map((row) => row.table_name);
}

async function recordedMigrations(db: DatabaseHandle['db']): Promise<string[]> {
  const result = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
  return result.rows.map((row) => row.name);
}

describe('migrations', () => {
  it('apply exactly once when two runs start at the same time on an empty database', async () => {
    expect(await publicTables(database.db)).toEqual([]);
    // On PostgreSQL two separate connection pools race like two nodes starting at once; PGlite
    // has a single connection, so there the two runs race on the one handle.
    const second: DatabaseHandle =
      database.engine === 'postgres'
        ? await openDatabase({
            databaseUrl: database.url,
            pgliteDataDir: '',
            statementTimeoutMs: 15_000,
            poolSize: 2,
          })
        : database;
    try {
      const runs = await Promise.all([migrateToLatest(database.db), migrateToLatest(second.db)]);
      expect(runs.flat()).toEqual(ALL.map((name) => `Up ${name}`));
    } finally {
      if (second !== database) await second.close();
    }
    expect(await recordedMigrations(database.db)).toEqual(ALL);
    expect(await publicTables(database.db)).toEqual(
      expect.arrayContaining([
        ...coreTables,
        ...knowledgeBaseTables,
        ...chatTables,
        ...mailTables,
        ...signInTables,
      ]),
    );
    expect(await isFullyMigrated(database.db)).toBe(true);
    // Running again does nothing.
    expect(await migrateToLatest(database.db)).toEqual([]);
  });

  it('roll back and forward cleanly', async () => {
    await migrateToLatest(database.db);
    await buildStaff(database.db, { role: 'admin' });

    // Newest first, down to the knowledge base.
    for (const name of ALL.slice(ALL.indexOf(KNOWLEDGE_BASE)).reverse()) {
      expect(await rollbackOne(database.db)).toEqual([`Down ${name}`]);
    }
    const afterOne = await publicTables(database.db);
    for (const table of [...chatTables, ...mailTables, ...signInTables])
      expect(afterOne).not.toContain(table);
    for (const table of knowledgeBaseTables) expect(afterOne).not.toContain(table);
    expect(afterOne).toEqual(expect.arrayContaining(coreTables));
    expect(await recordedMigrations(database.db)).toEqual([CORE]);

    expect(await rollbackOne(database.db)).toEqual([`Down ${CORE}`]);
    const remaining = await publicTables(database.db);
    for (const table of coreTables) expect(remaining).not.toContain(table);
    expect(await recordedMigrations(database.db)).toEqual([]);
    expect(await isFullyMigrated(database.db)).toBe(false);

    expect(await migrateToLatest(database.db)).toEqual(ALL.map((name) => `Up ${name}`));
    expect(await publicTables(database.db)).toEqual(expect.arrayContaining(coreTables));
    expect(await isFullyMigrated(database.db)).toBe(true);
    // The schema is whole again: the constraints and defaults work, and the old rows are gone.
    const staff = await buildStaff(database.db);
    expect(staff.organisation_id).not.toBeNull();
    const count = await database.db
      .selectFrom('staff')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    expect(Number(count.count)).toBe(1);
    await expect(
      database.db
        .insertInto('staff')
        .values({
          email: 'orphan@example.test',
          name: 'Orphan',
          role: 'counsellor',
          organisation_id: null,
          password_hash: 'x',
        })
        .execute(),
    ).rejects.toThrow(/staff_organisation_required/);
  });
});
