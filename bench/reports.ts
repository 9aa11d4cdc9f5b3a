// Report speed benchmark (npm run bench:reports):
//  1. generates --rows conversations (default 1,000,000) over 400 days up to 2026-11-30 in one
//     SQL statement per 100,000 rows (generate_series): 8 providers with 7 counsellors each,
//     channels, topics, languages and client groups in realistic shares, office-hour peaks,
//     first responses, handling times, abandoned chats, pop-up events, feedback on 15 % of
//     contacts, article ratings and daily finder / invitation counters;
//  2. does it on a throwaway PostgreSQL database (BENCH_DATABASE_URL, default
//     postgres://postgres@127.0.0.1:5432/postgres) and on PGlite in a temporary directory
//     (--pglite-rows, default the same as --rows; --skip-pglite / --skip-postgres leave one out);
//  3. rolls up the ended months (as the server's job does every 15 seconds) and times it;
//  4. times the console's whole report (every metric, as GET /api/v1/reports builds it) for a
//     one-year range — all providers as an admin, one provider as its admin, chats only, the
//     same right after last month changed — plus one month and the funder report, --runs times
//     each (default 15 on PostgreSQL, 5 on PGlite), both as served (roll-up for the ended months,
//     the current month from the contacts) and read wholly from the contacts (exact, no
//     roll-up), alternating, and prints p50 / p95 per request and engine, the ratios and the
//     target (p95 ≤ 500 ms on PostgreSQL). --skip-exact leaves the reads without roll-up out.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../server/src/db/database.js';
import { migrateToLatest } from '../server/src/db/migrate.js';
import type { StaffActor } from '../server/src/access/actor.js';
import { buildFunderReport } from '../server/src/features/reports/funder-report.service.js';
import { buildReport } from '../server/src/features/reports/report.service.js';
import { refreshReportRollup } from '../server/src/features/reports/report-rollup.js';

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  if (index < 0) return fallback;
  const value = Number(process.argv[index + 1]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} takes a positive integer`);
  return value;
}
const flag = (name: string) => process.argv.includes(`--${name}`);

const ROWS = option('rows', 1_000_000);
const PGLITE_ROWS = option('pglite-rows', ROWS);
const PG_RUNS = option('runs', 15);
const PGLITE_RUNS = option('pglite-runs', 5);
const TARGET_P95_MS = 500;
const SERVER_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const BATCH = 100_000;
/** The generated data ends here; the timed range is the year before it. */
const END = '2026-11-30';
const YEAR = { from: '2025-12-01', to: '2026-11-30' };
/** The moment the reports are asked at: the last day of the data, so November is still going on. */
const NOW = new Date('2026-11-30T12:00:00Z');

const log = (line: string) => process.stdout.write(`${line}\n`);
const ms = (value: number) => `${value.toFixed(0).padStart(6)} ms`;

async function generate(handle: DatabaseHandle, rows: number): Promise<void> {
  const db = handle.db;
  const started = performance.now();
  await sql`
    insert into organisations (slug, name_fi, municipality)
    select 'bench-provider-' || g, 'Demo-oppilaitos ' || g, '091' from generate_series(1, 8) g`.execute(db);
  await sql`
    insert into staff (organisation_id, email, name, role, password_hash)
    select o.id, 'bench-' || o.slug || '-' || k || '@example.test', 'Demo-ohjaaja ' || k,
      case when k = 1 then 'org_admin' else 'counsellor' end, 'x'
    from organisations o cross join generate_series(1, 7) k where o.slug like 'bench-provider-%'`.execute(db);
  await sql`
    insert into events (organisation_id, title, place, municipality, starts_at, ends_at)
    select o.id, 'Pop-up ' || g, 'Kauppakeskus', '091',
      ${END}::date - (g * 9) + time '10:00', ${END}::date - (g * 9) + time '16:00'
    from organisations o cross join generate_series(1, 5) g where o.slug like 'bench-provider-%'`.execute(db);
  for (let done = 0; done < rows; done += BATCH) {
    const count = Math.min(BATCH, rows - done);
    const firstDay = Math.floor((done / rows) * 400);
    const spanDays = Math.max(1, Math.ceil((count / rows) * 400));
    // r: the random draws of a row; the outer select turns them into one plausible contact.
    await sql`
      with o as (select array_agg(id order by slug) as ids from organisations where slug like 'bench-provider-%'),
        s as (select array_agg(st.id order by og.slug, st.email) as ids
              from staff st join organisations og on og.id = st.organisation_id where og.slug like 'bench-provider-%'),
        e as (select array_agg(id order by organisation_id, starts_at) as ids from events),
        r as (
          select
            (array['chat','chat','chat','chat','email','email','email','phone','phone','video','in_person','web_form'])
              [1 + floor(random() * 12)::int] as channel,
            1 + floor(random() * 8)::int as org,
            1 + floor(random() * 7)::int as counsellor,
            -- Each batch covers the next stretch of days, so rows lie in time order on disk, as
            -- contacts arriving over a year do.
            ${END}::date - 400 + ${firstDay}::int + floor(random() * ${spanDays}::int)::int as day,
            -- Office hours mostly: 8–17 for nine in ten contacts, any hour otherwise.
            case when random() < 0.9 then 8 + random() * 9 else random() * 24 end as hour,
            random() as answered, random() as wait, random() as length, random() as grp, random() as kind
          from generate_series(1, ${count})
        ),
        c as (
          select r.*, (r.day + make_interval(secs => r.hour * 3600)) at time zone 'Europe/Helsinki' as created
          from r
        )
      insert into conversations (channel, status, organisation_id, assigned_staff_id, topic, language,
        created_at, first_response_at, closed_at, outcome, client_age_band, client_situation, event_id,
        client_municipality)
      select c.channel,
        case when c.answered < 0.08 and c.channel = 'chat' then 'closed' when c.length < 0.95 then 'closed' else 'active' end,
        o.ids[c.org],
        case when c.answered < 0.08 and c.channel = 'chat' then null else s.ids[(c.org - 1) * 7 + c.counsellor] end,
        (array['applying','applying','applying','financing','apprenticeship','recognition','immigrants',
          'special_support','career_change','other'])[1 + floor(c.kind * 10)::int],
        (array['fi','fi','fi','fi','fi','fi','fi','sv','en','en'])[1 + floor(c.grp * 10)::int],
        c.created,
        case when c.channel in ('in_person', 'web_form') or (c.answered < 0.08 and c.channel = 'chat') then null
          else c.created + make_interval(secs => case c.channel when 'chat' then 5 + c.wait ^ 2 * 600
            when 'email' then 600 + c.wait ^ 2 * 172800 else 60 + c.wait ^ 2 * 14400 end) end,
        case when c.answered < 0.08 and c.channel = 'chat' then c.created + make_interval(secs => c.wait * 600)
          when c.length >= 0.95 then null
          else c.created + make_interval(secs => 600 + c.length * 2400 + case when c.channel = 'email' then c.wait ^ 2 * 172800 else 0 end) end,
        case when c.answered < 0.08 and c.channel = 'chat' then 'client_left' when c.length < 0.95 then 'answered' end,
        case when c.grp < 0.4 then (array['under_25','25_34','35_44','45_54','55_plus'])[1 + floor(c.kind * 5)::int] end,
        case when c.grp < 0.4 then (array['working','unemployed','new_in_finland','student','other'])[1 + floor(c.wait * 5)::int] end,
        case when c.channel = 'in_person' and c.answered < 0.3 then e.ids[1 + floor(c.kind * 40)::int] end,
        case when c.grp < 0.5 then (array['564','564','564','564','564','564','564','564','244','678',
          '305','977','208','535','425','139','494','615','069','859'])[1 + floor(c.wait * 20)::int] end
      from c, o, s, e
      order by c.created`.execute(db);
    log(
      `  ${(done + count).toLocaleString('en')} conversations (${((performance.now() - started) / 1000).toFixed(0)} s)`,
    );
  }
  await sql`
    insert into conversation_feedback (conversation_id, score, created_at)
    select id, 1 + floor(power(random(), 0.5) * 5)::int, closed_at + random() * interval '2 days'
    from conversations where status = 'closed' and random() < 0.15
  `.execute(db);
  await sql`insert into articles (key, category) select 'bench-article-' || g, 'applying' from generate_series(1, 60) g`.execute(
    db,
  );
  await sql`
    insert into article_versions (article_id, lang, slug, title, body_md, body_html, status)
    select id, 'fi', key, 'Demo-artikkeli ' || key, 'x', 'x', 'published' from articles where key like 'bench-article-%'`.execute(
    db,
  );
  await sql`
    with v as (select array_agg(id) as ids from article_versions where slug like 'bench-article-%')
    insert into article_feedback (article_version_id, is_helpful, created_at)
    select v.ids[1 + floor(random() * 60)::int], random() < 0.7,
      ${END}::date - 400 + make_interval(secs => random() * 400 * 86400)
    from generate_series(1, ${Math.max(1000, Math.round(rows / 20))}) g, v`.execute(db);
  await sql`
    insert into invitation_rules (name, path_prefix) select 'Demo-kutsu ' || g, '/fi/ohjeet/' || g from generate_series(1, 4) g`.execute(
    db,
  );
  await sql`
    insert into daily_counters (day, kind, key, count)
    select d::date, k.kind, r.id::text, floor(random() * k.scale)::int
    from generate_series(${END}::date - 400, ${END}::date, interval '1 day') d
      cross join invitation_rules r
      cross join (values ('invitation.shown', 200), ('invitation.accepted', 20), ('invitation.dismissed', 80)) k(kind, scale)`.execute(
    db,
  );
  await sql`
    insert into daily_counters (day, kind, key, count)
    select d::date, 'finder.used', '', floor(random() * 300)::int
    from generate_series(${END}::date - 400, ${END}::date, interval '1 day') d`.execute(db);
  await sql`vacuum analyze`.execute(db);
  log(`  generated in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (sorted.length - 1) * p;
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
}

interface Timings {
  [request: string]: { p50: number; p95: number; max: number };
}

async function timeRequests(handle: DatabaseHandle, runs: number): Promise<Timings> {
  const db = handle.db;
  const provider = await db
    .selectFrom('staff')
    .innerJoin('organisations', 'organisations.id', 'staff.organisation_id')
    .select(['staff.id', 'staff.organisation_id'])
    .where('staff.role', '=', 'org_admin')
    .where('organisations.slug', '=', 'bench-provider-1')
    .executeTakeFirstOrThrow();
  const adminActor: StaffActor = {
    type: 'staff',
    staffId: provider.id,
    role: 'admin',
    organisationId: null,
    sessionId: '',
  };
  const orgActor: StaffActor = {
    type: 'staff',
    staffId: provider.id,
    role: 'org_admin',
    organisationId: provider.organisation_id,
    sessionId: '',
  };
  const started = performance.now();
  const months = await refreshReportRollup(db, NOW);
  log(`  rolled up ${months.length} ended months in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const lastMonthChanged = {
    before: async () => {
      await sql`insert into report_changes (month) values ('2026-10-01')`.execute(db);
    },
    after: async () => {
      await sql`delete from report_changes`.execute(db);
    },
  };
  const requests: Record<
    string,
    {
      run: (rollup: boolean) => Promise<unknown>;
      before?: () => Promise<void>;
      after?: () => Promise<void>;
    }
  > = {
    'report, one year, every provider (admin)': {
      run: (rollup) => buildReport(db, { actor: adminActor }, YEAR, { now: NOW, rollup }),
    },
    'report, one year, one provider (its admin)': {
      run: (rollup) => buildReport(db, { actor: orgActor }, YEAR, { now: NOW, rollup }),
    },
    'report, one year, chat only (admin)': {
      run: (rollup) =>
        buildReport(db, { actor: adminActor }, { ...YEAR, channel: 'chat' }, { now: NOW, rollup }),
    },
    'report, one year, last month just changed': {
      run: (rollup) => buildReport(db, { actor: adminActor }, YEAR, { now: NOW, rollup }),
      ...lastMonthChanged,
    },
    'report, one month (admin)': {
      run: (rollup) =>
        buildReport(
          db,
          { actor: adminActor },
          { from: '2026-10-01', to: '2026-10-31' },
          { now: NOW, rollup },
        ),
    },
    'funder report, one year by quarter (admin)': {
      run: (rollup) => buildFunderReport(db, { actor: adminActor }, YEAR, { now: NOW, rollup }),
    },
  };
  const result: Timings = {};
  const modes = flag('skip-exact') ? [true] : [true, false];
  for (const [name, request] of Object.entries(requests)) {
    await request.before?.();
    const times = new Map<boolean, number[]>(modes.map((m) => [m, []]));
    for (const mode of modes) await request.run(mode); // warm-up
    for (let i = 0; i < runs; i += 1) {
      for (const mode of modes) {
        const t0 = performance.now();
        await request.run(mode);
        times.get(mode)!.push(performance.now() - t0);
      }
    }
    await request.after?.();
    for (const mode of modes) {
      const list = times.get(mode)!;
      const key = mode ? name : `${name} [no roll-up]`;
      result[key] = { p50: percentile(list, 0.5), p95: percentile(list, 0.95), max: Math.max(...list) };
      log(
        `  ${key.padEnd(60)} p50 ${ms(result[key].p50)}   p95 ${ms(result[key].p95)}   max ${ms(result[key].max)}`,
      );
    }
    if (modes.length === 2) {
      log(
        `  ${''.padEnd(60)} served / no roll-up p95 ×${(result[name]!.p95 / result[`${name} [no roll-up]`]!.p95).toFixed(2)}`,
      );
    }
  }
  return result;
}

async function onPostgres(): Promise<Timings | undefined> {
  const name = `opintori_bench_reports_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: SERVER_URL });
  try {
    await admin.connect();
  } catch (error) {
    log(`PostgreSQL at ${SERVER_URL} does not answer (${(error as Error).message}); skipped.`);
    return undefined;
  }
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  const handle = await openDatabase({
    databaseUrl: url.toString(),
    pgliteDataDir: '',
    statementTimeoutMs: 3_600_000,
    poolSize: 10,
  });
  try {
    await migrateToLatest(handle.db);
    log(`PostgreSQL: generating ${ROWS.toLocaleString('en')} conversations`);
    await generate(handle, ROWS);
    log(`PostgreSQL: ${PG_RUNS} runs each, one-year range ${YEAR.from} – ${YEAR.to}`);
    return await timeRequests(handle, PG_RUNS);
  } finally {
    await handle.close();
    if (flag('keep-postgres')) {
      log(`kept database ${url.toString()}`);
    } else {
      const client = new pg.Client({ connectionString: SERVER_URL });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    }
  }
}

async function onPglite(): Promise<Timings> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opintori-bench-reports-'));
  const handle = await openDatabase({ pgliteDataDir: dir, statementTimeoutMs: 3_600_000 });
  try {
    await migrateToLatest(handle.db);
    log(`PGlite: generating ${PGLITE_ROWS.toLocaleString('en')} conversations`);
    await generate(handle, PGLITE_ROWS);
    log(`PGlite: ${PGLITE_RUNS} runs each, one-year range ${YEAR.from} – ${YEAR.to}`);
    return await timeRequests(handle, PGLITE_RUNS);
  } finally {
    await handle.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const postgres = flag('skip-postgres') ? undefined : await onPostgres();
const pglite = flag('skip-pglite') ? undefined : await onPglite();

log('');
log(`Summary (target: p95 ≤ ${TARGET_P95_MS} ms on PostgreSQL for a one-year range)`);
for (const name of Object.keys(postgres ?? pglite ?? {})) {
  const a = postgres?.[name];
  const b = pglite?.[name];
  const ratio = a && b ? `PGlite/PostgreSQL p95 ×${(b.p95 / a.p95).toFixed(1)}` : '';
  const served = !name.includes('[no roll-up]');
  const verdict =
    a && served && name.includes('one year')
      ? a.p95 <= TARGET_P95_MS
        ? 'meets target'
        : name.includes('just changed')
          ? 'over target until the next roll-up (within 15 s)'
          : 'MISSES target'
      : '';
  log(
    `  ${name.padEnd(60)} ${a ? `PostgreSQL p95 ${ms(a.p95)}` : ''}  ${b ? `PGlite (${PGLITE_ROWS.toLocaleString('en')} rows) p95 ${ms(b.p95)}` : ''}  ${ratio}  ${verdict}`,
  );
}
const missed =
  postgres &&
  Object.entries(postgres).some(
    ([name, t]) =>
      name.includes('one year') &&
      !name.includes('[no roll-up]') &&
      !name.includes('just changed') &&
      t.p95 > TARGET_P95_MS,
  );
process.exitCode = missed ? 1 : 0;
