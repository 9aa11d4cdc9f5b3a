// Search benchmark (npm run bench:search):
//  1. quality — the judged queries in search-queries.json against the seeded guide, recall@3 and
//     MRR for OpinTori's search and, side by side on the same data, for a plain
//     to_tsvector(<language config>) / plainto_tsquery baseline;
//     The same queries as a visitor's question to the widget's suggestions (three places, guides
//     and programmes of the demo catalogue): the share where a right guide is among the three;
//  2. speed — search API and suggestion API latency (p50/p95, asked in turns so both see the
//     same machine) with 2,000 generated articles, on PGlite and, when BENCH_DATABASE_URL
//     (default postgres://postgres@127.0.0.1:5432/test) answers, PostgreSQL.
// Options (environment): BENCH_ENGINES=pglite,postgres picks the engines for speed,
// BENCH_QUALITY=0 skips the quality part, BENCH_EXPLAIN=1 prints EXPLAIN ANALYZE of the search
// SQL for the slowest queries on each engine. The load average is printed with the latencies:
// on a shared machine it says how far to trust them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kysely, PGliteDialect, PostgresDialect, sql, type CompiledQuery } from 'kysely';
import pg from 'pg';
import { buildApp } from '../server/src/app.js';
import { loadConfig } from '../server/src/config.js';
import { openDatabase, type DatabaseHandle } from '../server/src/db/database.js';
import type { Database } from '../server/src/db/database-types.js';
import { migrateToLatest } from '../server/src/db/migrate.js';
import { seedArticles } from '../server/src/features/articles/article-seed.js';
import { loadArticleFiles } from '../server/src/features/articles/content-loader.js';
import { insertArticle, upsertArticleVersion } from '../server/src/features/articles/article.repository.js';
import { textSearchConfig, type ArticleLang } from '../server/src/shared/languages.js';
import { clearLexemeCache } from '../server/src/features/search/lexeme-cache.js';
import { search } from '../server/src/features/search/search.service.js';
import { seedProgrammes } from '../server/src/features/catalogue/catalogue-seed.js';
import { seedDemoData } from '../server/src/db/seed/demo-seed.js';
import { suggest } from '../server/src/features/self-help/suggestions.service.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const engines = (process.env.BENCH_ENGINES ?? 'pglite,postgres').split(',').map((e) => e.trim());
const explain = process.env.BENCH_EXPLAIN === '1';
const config = loadConfig({ LOG_LEVEL: 'silent', SEED_DEMO_DATA: 'false' });
const judged = JSON.parse(fs.readFileSync(path.join(here, 'search-queries.json'), 'utf8')) as {
  queries: { q: string; lang: ArticleLang; relevant: string[]; kind: string }[];
};

interface Scores {
  recall3: number;
  mrr: number;
}

function score(ranked: string[][], queries: typeof judged.queries): Scores {
  let hits = 0;
  let reciprocal = 0;
  queries.forEach((query, i) => {
    const ids = ranked[i] ?? [];
    if (ids.slice(0, 3).some((id) => query.relevant.includes(id))) hits += 1;
    const rank = ids.findIndex((id) => query.relevant.includes(id));
    if (rank >= 0) reciprocal += 1 / (rank + 1);
  });
  return { recall3: hits / queries.length, mrr: reciprocal / queries.length };
}

async function baseline(handle: DatabaseHandle, q: string, lang: ArticleLang): Promise<string[]> {
  const cfg = textSearchConfig(lang);
  const result = await sql<{ key: string }>`
    select a.key from article_versions v join articles a on a.id = v.article_id,
      plainto_tsquery(${cfg}::regconfig, ${q}) query
    where v.lang = ${lang} and v.status = 'published'
      and to_tsvector(${cfg}::regconfig, v.title || ' ' || v.summary || ' ' || v.body_text) @@ query
    order by ts_rank(to_tsvector(${cfg}::regconfig, v.title || ' ' || v.summary || ' ' || v.body_text), query) desc
    limit 10`.execute(handle.db);
  return result.rows.map((row) => row.key);
}

async function quality() {
  const handle = await openDatabase({ pgliteDataDir: 'memory://', statementTimeoutMs: 60_000 });
  await migrateToLatest(handle.db);
  await seedArticles(handle.db, config.CONTENT_DIR);
  const ours: string[][] = [];
  const base: string[][] = [];
  for (const query of judged.queries) {
    const response = await search(
      handle.db,
      { actor: { type: 'anonymous' } },
      {
        q: query.q,
        lang: query.lang,
        types: ['article'],
        limit: 10,
      },
    );
    ours.push(response.results.map((r) => r.id));
    base.push(await baseline(handle, query.q, query.lang));
  }
  console.log(`\nSearch quality: ${judged.queries.length} judged queries`);
  console.log('group                 n   recall@3 (ours / baseline)   MRR (ours / baseline)');
  const groups = new Map<string, number[]>();
  judged.queries.forEach((query, i) => {
    for (const key of ['all', `lang ${query.lang}`, ...(query.lang === 'fi' ? [`fi ${query.kind}`] : [])]) {
      groups.set(key, [...(groups.get(key) ?? []), i]);
    }
  });
  for (const [name, indexes] of groups) {
    const subset = indexes.map((i) => judged.queries[i]!);
    const a = score(
      indexes.map((i) => ours[i]!),
      subset,
    );
    const b = score(
      indexes.map((i) => base[i]!),
      subset,
    );
    console.log(
      `${name.padEnd(18)} ${String(indexes.length).padStart(4)}   ${a.recall3.toFixed(2)} / ${b.recall3.toFixed(2)}                  ${a.mrr.toFixed(2)} / ${b.mrr.toFixed(2)}`,
    );
  }
  const misses = judged.queries.filter(
    (query, i) => !ours[i]!.slice(0, 3).some((id) => query.relevant.includes(id)),
  );
  if (misses.length) {
    console.log(`misses (${misses.length}): ${misses.map((m) => `"${m.q}" (${m.lang})`).join(', ')}`);
  }
  await handle.close();
}

/**
 * The judged queries as widget questions: three suggestions from the guide and the demo
 * catalogue (a matching programme keeps one place), a hit when a right guide is among them.
 */
async function suggestionQuality() {
  const handle = await openDatabase({ pgliteDataDir: 'memory://', statementTimeoutMs: 60_000 });
  await migrateToLatest(handle.db);
  await seedDemoData(handle.db, config.CONTENT_DIR);
  await seedArticles(handle.db, config.CONTENT_DIR);
  await seedProgrammes(handle.db, config.CONTENT_DIR);
  const hitsByLang = new Map<string, [number, number]>();
  const misses: string[] = [];
  let programmeShown = 0;
  for (const query of judged.queries) {
    const { results } = await suggest(
      handle.db,
      { actor: { type: 'anonymous' } },
      { q: query.q, lang: query.lang, limit: 3 },
    );
    const hit = results.some((r) => r.type === 'article' && query.relevant.includes(r.id));
    if (results.some((r) => r.type === 'program')) programmeShown += 1;
    for (const key of ['all', `lang ${query.lang}`]) {
      const [h, n] = hitsByLang.get(key) ?? [0, 0];
      hitsByLang.set(key, [h + (hit ? 1 : 0), n + 1]);
    }
    if (!hit) misses.push(`"${query.q}" (${query.lang})`);
  }
  console.log('\nSuggestion quality: a right guide among the three suggestions (target ≥ 0.90)');
  for (const [name, [h, n]] of hitsByLang)
    console.log(`${name.padEnd(18)} ${String(n).padStart(4)}   ${(h / n).toFixed(2)}`);
  console.log(`questions where a programme took one of the places: ${programmeShown}`);
  if (misses.length) console.log(`misses (${misses.length}): ${misses.join(', ')}`);
  await handle.close();
}

/**
 * 2,000 extra Finnish articles made of paragraphs of the real guide, shuffled between articles,
 * so that word frequencies look like real content rather than one repeated word list.
 */
async function generateArticles(handle: DatabaseHandle, count: number) {
  const files = (await loadArticleFiles(config.CONTENT_DIR)).filter((file) => file.lang === 'fi');
  const paragraphs = files.flatMap((file) => file.body.split(/\n\s*\n/).filter((p) => p.length > 80));
  let seed = 42;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)]!;
  await handle.db.transaction().execute(async (trx) => {
    for (let i = 0; i < count; i++) {
      const source = pick(files);
      const body = Array.from({ length: 4 + Math.floor(random() * 4) }, () => pick(paragraphs)).join('\n\n');
      const articleId = await insertArticle(trx, {
        key: `generated-${i}`,
        category: source.category,
        relatedKeys: [],
      });
      await upsertArticleVersion(trx, {
        articleId,
        lang: 'fi',
        slug: `generated-${i}`,
        title: `${source.title} (${i})`,
        summary: source.summary,
        bodyMd: body,
        tags: source.tags,
        status: 'published',
        lastReviewed: null,
        updatedBy: null,
      });
    }
  });
}

async function speed(label: string, handle: DatabaseHandle, databaseUrl?: string) {
  await migrateToLatest(handle.db);
  // The demo providers and their catalogue: suggestions search programmes too.
  await seedDemoData(handle.db, config.CONTENT_DIR);
  await seedArticles(handle.db, config.CONTENT_DIR);
  await seedProgrammes(handle.db, config.CONTENT_DIR);
  await generateArticles(handle, 2000);
  await sql`analyze article_versions, search_vocabulary`.execute(handle.db);
  const app = await buildApp({ config, database: handle, serveWeb: false });
  await app.ready();
  const queries = judged.queries.filter((q) => q.lang === 'fi').map((q) => q.q);
  for (const q of queries.slice(0, 10))
    await app.inject({ url: `/api/v1/search?lang=fi&q=${encodeURIComponent(q)}` });
  const times: number[] = [];
  const suggestionTimes: number[] = [];
  const slowest = new Map<string, number>();
  // Each question from its own address, so the suggestions' per-address limit is not what is measured.
  let address = 0;
  const suggestionUrl = (q: string) => `/api/v1/suggestions?lang=fi&limit=3&q=${encodeURIComponent(q)}`;
  for (const q of queries.slice(0, 10))
    await app.inject({ url: suggestionUrl(q), remoteAddress: '10.9.0.1' });
  for (let round = 0; round < 3; round++) {
    for (const q of queries) {
      const started = performance.now();
      const response = await app.inject({ url: `/api/v1/search?lang=fi&q=${encodeURIComponent(q)}` });
      const ms = performance.now() - started;
      times.push(ms);
      slowest.set(q, Math.max(slowest.get(q) ?? 0, ms));
      if (response.statusCode !== 200) throw new Error(`search failed: ${response.statusCode}`);
      address += 1;
      const suggestStarted = performance.now();
      const suggested = await app.inject({
        url: suggestionUrl(q),
        remoteAddress: `10.8.${Math.floor(address / 250)}.${address % 250}`,
      });
      suggestionTimes.push(performance.now() - suggestStarted);
      if (suggested.statusCode !== 200) throw new Error(`suggestions failed: ${suggested.statusCode}`);
    }
  }
  const percentile = (values: number[], fraction: number) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))]!;
  };
  const p = (fraction: number) => percentile(times, fraction);
  const sp = (fraction: number) => percentile(suggestionTimes, fraction);
  console.log(
    `${label.padEnd(10)} ${String(times.length).padStart(5)} searches   p50 ${p(0.5).toFixed(1)} ms   p95 ${p(0.95).toFixed(1)} ms   (load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores)`,
  );
  console.log(
    `${label.padEnd(10)} ${String(suggestionTimes.length).padStart(5)} suggestions p50 ${sp(0.5).toFixed(1)} ms   p95 ${sp(0.95).toFixed(1)} ms   (target p95 ≤ 30 ms on PostgreSQL; ratio to search p95 ${(sp(0.95) / p(0.95)).toFixed(2)})`,
  );
  await app.close();
  if (explain) {
    const worst = [...slowest].sort((a, b) => b[1] - a[1]).slice(0, 3);
    for (const [q, ms] of worst) await explainSearch(label, handle, databaseUrl, q, ms);
  }
  return p(0.95);
}

/** EXPLAIN ANALYZE of the statements one search runs, with a cold expansion cache. */
async function explainSearch(
  label: string,
  handle: DatabaseHandle,
  databaseUrl: string | undefined,
  q: string,
  ms: number,
) {
  const captured: CompiledQuery[] = [];
  const pool = databaseUrl ? new pg.Pool({ connectionString: databaseUrl, max: 1 }) : undefined;
  const db = new Kysely<Database>({
    dialect: pool ? new PostgresDialect({ pool }) : new PGliteDialect({ pglite: handle.pglite! }),
    log: (event) => {
      if (event.level === 'query') captured.push(event.query);
    },
  });
  clearLexemeCache(db);
  await search(db, { actor: { type: 'anonymous' } }, { q, lang: 'fi', types: ['article'], limit: 10 });
  console.log(`\n${label}: "${q}" (slowest of its runs ${ms.toFixed(1)} ms)`);
  // A copy: the statements run below are logged too.
  const statements = captured.splice(0);
  await db.connection().execute(async (connection) => {
    // In one transaction, with the settings the search makes (set local), so the plans are its own.
    await sql`begin`.execute(connection);
    for (const query of statements) {
      if (/^\s*(begin|commit|rollback)\b/i.test(query.sql)) continue;
      if (!/^\s*(with|select)\b/i.test(query.sql)) {
        await connection.executeQuery(query);
        continue;
      }
      const result = await connection.executeQuery<{ 'QUERY PLAN': string }>({
        ...query,
        sql: `explain (analyze, buffers) ${query.sql}`,
      });
      console.log(result.rows.map((row) => row['QUERY PLAN']).join('\n'));
    }
    await sql`commit`.execute(connection);
  });
  // Destroying a PGlite dialect would close the engine itself, which its owner closes later.
  if (pool) await db.destroy();
}

async function postgresHandle(): Promise<{ handle: DatabaseHandle; url: string } | undefined> {
  const base = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const admin = new pg.Client({ connectionString: base });
  try {
    await admin.connect();
  } catch {
    return undefined;
  }
  await admin.query('drop database if exists opintori_bench_search with (force)');
  await admin.query('create database opintori_bench_search');
  await admin.end();
  const url = new URL(base);
  url.pathname = '/opintori_bench_search';
  const handle = await openDatabase({
    databaseUrl: url.toString(),
    pgliteDataDir: '',
    statementTimeoutMs: 60_000,
  });
  return { handle, url: url.toString() };
}

if (process.env.BENCH_QUALITY !== '0') {
  await quality();
  await suggestionQuality();
}
console.log('\nSearch speed: 2,000 generated Finnish articles plus the guide, through the HTTP API');
let pgliteP95: number | undefined;
if (engines.includes('pglite')) {
  const pglite = await openDatabase({ pgliteDataDir: 'memory://', statementTimeoutMs: 60_000 });
  pgliteP95 = await speed('PGlite', pglite);
  await pglite.close();
}
if (engines.includes('postgres')) {
  const postgres = await postgresHandle();
  if (postgres) {
    const pgP95 = await speed('PostgreSQL', postgres.handle, postgres.url);
    await postgres.handle.close();
    if (pgliteP95 !== undefined)
      console.log(`p95 ratio PGlite / PostgreSQL: ${(pgliteP95 / pgP95).toFixed(2)}`);
  } else {
    console.log('PostgreSQL not reachable: skipped');
  }
}
