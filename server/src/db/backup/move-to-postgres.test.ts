import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../config.js';
import { seedArticles } from '../../features/articles/article-seed.js';
import { seedProgrammes } from '../../features/catalogue/catalogue-seed.js';
import { refreshReportRollup } from '../../features/reports/report-rollup.js';
import { answeredChat, openAllDay, setAvailable } from '../../test/chat-helpers.js';
import { createAppOn, loginAs } from '../../test/test-app.js';
import {
  createEmbeddedTestDatabase,
  createTestDatabase,
  type TestDatabase,
} from '../../test/test-database.js';
import { embeddedDataDir, openDatabase, type DatabaseHandle } from '../database.js';
import { DEMO_PASSWORD, seedDemoData } from '../seed/demo-seed.js';
import { seedDemoYear } from '../seed/demo-year.js';
import { countRowsPerTable, publicTables } from './database-inventory.js';
import { moveToPostgres, type MoveResult } from './move-to-postgres.js';

// Always on PostgreSQL, whichever engine the suite runs on: each target is a database of its own
// on the test server (TEST_DATABASE_URL, or the local one), dropped at the end.
const serverUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const targets: TestDatabase[] = [];

async function emptyTarget(): Promise<TestDatabase> {
  const target = await createTestDatabase({ migrate: false, serverUrl });
  targets.push(target);
  return target;
}

let dir: string;
let config: Config;
let cookie: string;
let chat: string;
let inboxBefore: unknown;
let chatBefore: unknown;

/** What a counsellor reads through the API: the inbox and one conversation. */
async function readThroughApi(database: DatabaseHandle, env: Record<string, string> = {}) {
  const app = await createAppOn(database, env);
  try {
    const inbox = await app.inject({
      method: 'GET',
      url: '/api/v1/inbox/conversations',
      headers: { cookie },
    });
    const one = await app.inject({
      method: 'GET',
      url: `/api/v1/inbox/conversations/${chat}`,
      headers: { cookie },
    });
    expect([inbox.statusCode, one.statusCode]).toEqual([200, 200]);
    return { inbox: inbox.json(), chat: one.json() };
  } finally {
    await app.close();
  }
}

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'opintori-move-'));
  config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: path.join(dir, 'data') });
  const source = await createEmbeddedTestDatabase(embeddedDataDir(config));
  try {
    // The demo database: providers, people, articles, the catalogue and a year of contacts,
    // rolled up into the reports' monthly tables, and two chats of today.
    await seedDemoData(source.db, config.CONTENT_DIR);
    await seedProgrammes(source.db, config.CONTENT_DIR);
    await seedArticles(source.db, config.CONTENT_DIR);
    await seedDemoYear(source.db, config.CONTENT_DIR);
    await refreshReportRollup(source.db);
    const app = await createAppOn(source);
    try {
      await openAllDay(app, await loginAs(app, 'admin@opintori.example', DEMO_PASSWORD));
      cookie = await loginAs(app, 'mikko.haapala@pohjoisrannikko.example', DEMO_PASSWORD);
      await setAvailable(app, cookie, 10);
      chat = await answeredChat(app, cookie, ['Hei!', 'Haku päättyy 15.3. klo 15.'], { firstName: 'Aino' });
      await answeredChat(app, cookie, ['Tervetuloa'], { firstName: 'Eino' });
    } finally {
      await app.close();
    }
    ({ inbox: inboxBefore, chat: chatBefore } = await readThroughApi(source));
  } finally {
    await source.close();
  }
}, 180_000);

afterAll(async () => {
  for (const target of targets) await target.destroy();
  await fs.rm(dir, { recursive: true, force: true });
});

describe('moving the embedded database to PostgreSQL', { timeout: 120_000 }, () => {
  let target: TestDatabase;
  let moved: MoveResult;

  it('copies every table into an empty database, and the service reads the same there', async () => {
    target = await emptyTarget();
    moved = await moveToPostgres(config, target.url!);
    expect(moved.target).toEqual(moved.source);
    expect(moved.source.conversations).toBeGreaterThan(2000);
    expect(moved.source.messages).toBeGreaterThan(5000);
    for (const rollup of ['report_month_counts', 'report_months'])
      expect(moved.source[rollup]).toBeGreaterThan(0);

    // Counted again, independently of the move.
    const source = await openDatabase({ pgliteDataDir: embeddedDataDir(config), statementTimeoutMs: 15_000 });
    const sourceCounts = await countRowsPerTable(source.db);
    await source.close();
    expect(await countRowsPerTable(target.db)).toEqual(sourceCounts);
    // The same conversations through the API, with the same session cookie.
    const env = { DATABASE_URL: target.url! };
    const read = await readThroughApi(target, env);
    expect(read.inbox).toEqual(inboxBefore);
    expect(read.chat).toEqual(chatBefore);
    // New rows continue the copied sequences.
    const app = await createAppOn(target, env);
    try {
      await answeredChat(app, cookie, ['Uusi päivä PostgreSQLssä'], { firstName: 'Veera' });
    } finally {
      await app.close();
    }
  });

  it('refuses a database that is not empty, and writes nothing', async () => {
    const before = await countRowsPerTable(target.db);
    await expect(moveToPostgres(config, target.url!)).rejects.toThrow(
      /already has the OpinTori schema \(version .+\): the move needs an empty database\. Nothing was written\./,
    );
    expect(await countRowsPerTable(target.db)).toEqual(before);

    const other = await emptyTarget();
    await sql`create table notes (body text)`.execute(other.db);
    await sql`insert into notes values ('keep me')`.execute(other.db);
    await expect(moveToPostgres(config, other.url!)).rejects.toThrow(
      /is not empty \(tables: public\.notes\)/,
    );
    expect(await publicTables(other.db)).toEqual(['notes']);
    expect(await countRowsPerTable(other.db)).toEqual({ notes: 1 });
  });

  it('leaves the target as it was when the move fails part-way', async () => {
    // No table, but a function the report roll-up migration makes: the migrations fail there,
    // after the earlier ones made their tables in the same transaction.
    const conflicting = await emptyTarget();
    await sql`create function report_unmarked_from() returns date language sql as $$ select current_date $$`.execute(
      conflicting.db,
    );
    await expect(moveToPostgres(config, conflicting.url!)).rejects.toThrow(
      /Migration 2026-11-30T10-30-report-rollup failed: function "report_unmarked_from" already exists/,
    );
    expect(await publicTables(conflicting.db)).toEqual([]);
  });
});
