// Catalogue listing benchmark (npm run bench:catalogue):
//  1. generates BENCH_PROGRAMMES (default 20,000) programmes for 7 providers as one CSV file, with
//     names, texts, types and fields taken from the demo catalogue in content/programmes (or a
//     built-in list of real qualifications), random places, study forms, languages, support,
//     start dates and application periods around now;
//  2. imports it with importProgrammes into in-memory PGlite and, when BENCH_DATABASE_URL (default
//     postgres://postgres@127.0.0.1:5432/test) answers, into a throwaway PostgreSQL database;
//  3. times the first listing (it loads the in-memory index), then a mix of listing queries with
//     facets — no filter, one filter, 2–3 filters, sort by deadline / start, page 5, and a fifth
//     with free text — sent alternately to both engines, and reports p50 / p95 / max per engine,
//     with and without text, the PostgreSQL / PGlite ratio and the target (p95 ≤ 50 ms on
//     PostgreSQL);
//  4. times the pieces of a listing on their own: the revision query, the text search SQL and
//     the in-memory filter, facet and sort pass.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import pg from 'pg';
import { loadConfig } from '../server/src/config.js';
import { openDatabase, type DatabaseHandle } from '../server/src/db/database.js';
import { migrateToLatest } from '../server/src/db/migrate.js';
import { systemActor } from '../server/src/access/actor.js';
import { catalogueIndex } from '../server/src/features/catalogue/catalogue-index.js';
import type { LocalText, QualificationType } from '../server/src/features/catalogue/catalogue-vocabulary.js';
import { csvColumns, parseCsv } from '../server/src/features/catalogue/import/csv.js';
import { decodeText } from '../server/src/features/catalogue/import/decode.js';
import { importProgrammes } from '../server/src/features/catalogue/import/import.service.js';
import { parseOpintopolku } from '../server/src/features/catalogue/import/opintopolku.js';
import type { ProgrammeInput } from '../server/src/features/catalogue/import/programme-input.js';
import { municipalities } from '../server/src/shared/municipalities.js';
import { searchProgrammeText } from '../server/src/features/catalogue/programme-search.repository.js';
import { programmeListQuerySchema } from '../server/src/features/catalogue/programme.schema.js';
import { listProgrammes } from '../server/src/features/catalogue/programme-listing.service.js';
import { textTerms } from '../server/src/features/catalogue/programme.service.js';

const config = loadConfig({ LOG_LEVEL: 'silent', SEED_DEMO_DATA: 'false' });
const COUNT = Number(process.env.BENCH_PROGRAMMES ?? 20_000);
if (!Number.isInteger(COUNT) || COUNT < 1) throw new Error('BENCH_PROGRAMMES must be a positive integer');
const TARGET_P95_MS = 50;
const DAY = 86_400_000;
const NOW = Date.now();
const ctx = { actor: systemActor };

let seed = 20_261_130;
/** mulberry32: the same programmes and queries on every run. */
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
}
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const chance = (p: number) => random() < p;
const between = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
const some = <T>(items: readonly T[], p: number): T[] => items.filter(() => chance(p));

// ---------------------------------------------------------------------------------------------
// Generation

interface Template {
  name: LocalText;
  summary: LocalText;
  description: LocalText;
  type: QualificationType;
  field: string | null;
  code: string | null;
}

/** Real qualifications, used when the demo catalogue is missing or unreadable. */
const builtIn: [string, string, QualificationType, string, string][] = [
  ['Sosiaali- ja terveysalan perustutkinto', 'Lähihoitaja', 'vocational_upper_secondary', '09', '371101'],
  ['Liiketoiminnan perustutkinto', 'Merkonomi', 'vocational_upper_secondary', '04', '361903'],
  ['Liiketoiminnan ammattitutkinto', 'Myynti ja asiakaspalvelu', 'further_vocational', '04', '334145'],
  ['Sähkö- ja automaatioalan perustutkinto', 'Sähköasentaja', 'vocational_upper_secondary', '07', '351307'],
  ['Rakennusalan perustutkinto', 'Talonrakentaja', 'vocational_upper_secondary', '07', '351201'],
  ['Ravintola- ja catering-alan perustutkinto', 'Kokki', 'vocational_upper_secondary', '10', '381204'],
  [
    'Logistiikan perustutkinto',
    'Yhdistelmäajoneuvonkuljettaja',
    'vocational_upper_secondary',
    '10',
    '381203',
  ],
  ['Kasvatus- ja ohjausalan perustutkinto', 'Lastenohjaaja', 'vocational_upper_secondary', '09', '374111'],
  [
    'Tieto- ja viestintätekniikan perustutkinto',
    'Ohjelmistokehittäjä',
    'vocational_upper_secondary',
    '06',
    '341101',
  ],
  [
    'Johtamisen ja yritysjohtamisen erikoisammattitutkinto',
    'Esihenkilö',
    'specialist_vocational',
    '04',
    '437109',
  ],
  ['Tutkintokoulutukseen valmentava koulutus', 'TUVA', 'tuva', '99', '999904'],
  ['Työhön ja itsenäiseen elämään valmentava koulutus', 'TELMA', 'telma', '99', '999903'],
];

function builtInTemplates(): Template[] {
  return builtIn.map(([name, title, type, field, code]) => ({
    name: { fi: name },
    summary: { fi: `${name}: ${title.toLowerCase()} aikuisille, työn ohessa tai päätoimisesti.` },
    description: {
      fi: `${name} antaa ammattitaidon toimia alan tehtävissä. Opinnot suunnitellaan henkilökohtaisesti (HOKS), ja aiempi osaaminen tunnistetaan.`,
    },
    type,
    field,
    code,
  }));
}

/** Names, texts, types and fields of the demo catalogue (content/programmes), parsed as an import would. */
function demoTemplates(): { templates: Template[]; source: string } {
  const root = path.join(config.CONTENT_DIR, 'programmes');
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(json|csv)$/i.test(entry.name)) files.push(full);
    }
  };
  if (fs.existsSync(root)) walk(root);
  const inputs: ProgrammeInput[] = [];
  for (const file of files) {
    try {
      const { text } = decodeText(fs.readFileSync(file), file);
      const parsed = file.endsWith('.csv') ? parseCsv(text, file) : parseOpintopolku(text, file);
      inputs.push(...parsed.programmes);
    } catch {
      // A file being written at this moment: leave it out.
    }
  }
  const seen = new Set<string>();
  const templates = inputs
    .filter((i) => i.name.fi && !seen.has(i.name.fi) && seen.add(i.name.fi))
    .map((i) => ({
      name: i.name,
      summary: i.summary,
      description: i.description,
      type: i.qualificationType,
      field: i.field,
      code: i.qualificationCode,
    }));
  if (templates.length < 5) {
    return { templates: builtInTemplates(), source: `${builtIn.length} built-in qualifications` };
  }
  return {
    templates,
    source: `${templates.length} programmes of the demo catalogue (${files.length} files in content/programmes)`,
  };
}

const providers = [
  ['pohjoisen-ammattiopisto', 'Pohjoisen ammattiopisto', 'Nordens yrkesinstitut', '564'],
  ['jokilaakson-koulutuskuntayhtyma', 'Jokilaakson koulutuskuntayhtymä', null, '977'],
  ['rannikon-aikuisopisto', 'Rannikon aikuisopisto', 'Kustens vuxeninstitut', '678'],
  ['koillismaan-opisto', 'Koillismaan opisto', null, '305'],
  ['etela-suomen-ammattiopisto', 'Etelä-Suomen ammattiopisto', 'Södra Finlands yrkesinstitut', '091'],
  ['jarviseudun-oppisopimuskeskus', 'Järviseudun oppisopimuskeskus', null, '179'],
  ['verkko-opisto-ilmari', 'Verkko-opisto Ilmari', 'Nätinstitutet Ilmari', '837'],
] as const;

const day = (offsetDays: number) => new Date(NOW + offsetDays * DAY).toISOString().slice(0, 10);

// The importer's own header: the generated file cannot drift from what the importer reads.
const csvHeader = csvColumns;
type CsvRow = Partial<Record<(typeof csvHeader)[number], string>>;

/** Where the programmes are: Oulu most often, then the larger towns, then everywhere else. */
function places(): (typeof municipalities)[number][] {
  const oulu = municipalities.find((m) => m.code === '564')!;
  const count = chance(0.75) ? 1 : between(2, 4);
  const chosen = new Set<(typeof municipalities)[number]>();
  while (chosen.size < count) chosen.add(chance(0.25) ? oulu : pick(municipalities));
  return [...chosen];
}

/** Application: open-ended continuous, open now, opening soon, opening later, ended, or two periods. */
function application(): { method: string; periods: string[] } {
  const roll = random();
  if (roll < 0.35) return { method: 'continuous', periods: [`${day(-between(30, 400))}/`] };
  if (roll < 0.55) return { method: 'separate', periods: [`${day(-between(1, 40))}/${day(between(1, 60))}`] };
  if (roll < 0.65) {
    const opens = between(3, 55);
    return { method: 'separate', periods: [`${day(opens)}/${day(opens + between(14, 45))}`] };
  }
  if (roll < 0.72) {
    const opens = between(70, 200);
    return { method: 'joint', periods: [`${day(opens)}/${day(opens + 14)}`] };
  }
  if (roll < 0.85) {
    const ended = between(1, 120);
    return { method: 'separate', periods: [`${day(-ended - between(14, 60))}/${day(-ended)}`] };
  }
  if (roll < 0.93) {
    const opens = between(20, 150);
    return {
      method: 'separate',
      periods: [`${day(-between(100, 200))}/${day(-between(10, 90))}`, `${day(opens)}/${day(opens + 30)}`],
    };
  }
  return { method: 'continuous', periods: [] };
}

function generateCsv(templates: Template[], count: number): string {
  const rows: CsvRow[] = [];
  for (let i = 0; i < count; i++) {
    const t = pick(templates);
    const provider =
      providers[Math.min(providers.length - 1, Math.floor(random() ** 1.6 * providers.length))]!;
    const online = chance(0.07);
    const forms = online
      ? ['online']
      : [
          ...new Set([
            pick(['contact', 'contact', 'blended', 'online', 'apprenticeship'] as const),
            ...some(['contact', 'blended', 'apprenticeship', 'training_agreement'] as const, 0.15),
          ]),
        ];
    const where = online ? [] : places();
    const placeFi = online ? 'verkko-opinnot' : where.map((m) => m.fi).join(', ');
    const placeSv = online ? 'nätstudier' : where.map((m) => m.sv).join(', ');
    const form = forms.includes('apprenticeship')
      ? 'oppisopimus'
      : forms.includes('blended')
        ? 'monimuoto'
        : '';
    const base = (text: string | undefined) => text?.split(',')[0]?.trim();
    const named = (text: string | undefined, place: string, extra = '') =>
      base(text) ? [base(text), extra, place].filter(Boolean).join(', ') : '';
    const languages = chance(0.85)
      ? chance(0.07)
        ? 'fi|en'
        : 'fi'
      : pick(['sv', 'sv', 'en', 'fi|sv', 'se', 'fi|se']);
    const app = application();
    const start = chance(0.4)
      ? 'continuous'
      : [...new Set(Array.from({ length: between(1, 3) }, () => day(between(-30, 300))))].join('|');
    const row: CsvRow = {
      external_id: `BENCH-${String(i + 1).padStart(6, '0')}`,
      provider: provider[0],
      name_fi: named(t.name.fi, placeFi, form),
      name_sv: named(t.name.sv, placeSv),
      name_en: named(t.name.en, online ? 'online' : where.map((m) => m.fi).join(', ')),
      summary_fi: t.summary.fi ?? '',
      summary_sv: t.summary.sv ?? '',
      summary_en: t.summary.en ?? '',
      description_fi: t.description.fi ?? '',
      description_sv: t.description.sv ?? '',
      description_en: t.description.en ?? '',
      qualification_type: t.type,
      field: t.field ?? '',
      qualification_code: t.code ?? '',
      study_forms: forms.join('|'),
      municipalities: where.map((m) => (chance(0.8) ? m.code : m.fi)).join('|'),
      languages,
      teaching_times: some(['daytime', 'daytime', 'evening', 'weekend', 'self_paced'] as const, 0.35).join(
        '|',
      ),
      start,
      application_method: app.method,
      application_periods: app.periods.join('|'),
      application_url: `https://${provider[0]}.example/hae/${i + 1}`,
      url: chance(0.8) ? `https://${provider[0]}.example/koulutukset/${i + 1}` : '',
      duration_months: String(pick([3, 6, 9, 12, 18, 24, 36])),
      cost_eur: chance(0.7) ? '' : String(pick([50, 120, 280, 450, 900])),
      cost_note_fi: chance(0.2) ? 'Materiaalit maksavat noin 100 euroa.' : '',
      support: [
        ...some(['immigrants', 'special_support'] as const, 0.12),
        ...(forms.includes('apprenticeship') ? ['workplace_learners'] : []),
      ].join('|'),
      updated_at: day(-between(0, 365)),
    };
    rows.push(row);
  }
  return stringify(rows, { header: true, columns: [...csvHeader] });
}

// ---------------------------------------------------------------------------------------------
// Queries

type Kind =
  | 'no filter'
  | 'one filter'
  | '2-3 filters'
  | 'sort deadline'
  | 'sort start'
  | 'page 5'
  | 'text'
  | 'text + filter';
const kindOrder: Kind[] = [
  'no filter',
  'one filter',
  '2-3 filters',
  'sort deadline',
  'sort start',
  'page 5',
  'text',
  'text + filter',
];
interface BenchQuery {
  kind: Kind;
  params: Record<string, string>;
}

const textWords = [
  'sosiaali',
  'lähihoitaja',
  'liiketoiminta',
  'sähkö',
  'kokki',
  'rakennus',
  'logistiikka',
  'hoiva',
  'yrittäjyys',
  'kone',
  'metsä',
  'ravintola',
  'kiinteistö',
  'ohjelmointi',
  'sosiaali- ja terveysala',
  'hius kauneudenhoito',
];
const municipalityValues = [
  '564',
  '564',
  '977',
  '678',
  '305',
  '091',
  '837',
  'online',
  ...municipalities.map((m) => m.code),
];
const fieldValues = ['04', '07', '09', '10', '06', '08', '99'];
const typeValues = ['vocational_upper_secondary', 'further_vocational', 'specialist_vocational', 'tuva'];

function oneFilter(): Record<string, string> {
  return pick([
    () => ({ field: pick(fieldValues) }),
    () => ({ type: pick(typeValues) }),
    () => ({ municipality: pick(municipalityValues) }),
    () => ({ application: 'open' }),
    () => ({ application: pick(['continuous', 'soon']) }),
    () => ({ studyForm: pick(['online', 'apprenticeship', 'blended']) }),
    () => ({ language: pick(['sv', 'en']) }),
    () => ({ support: pick(['immigrants', 'special_support']) }),
    () => ({ startWithin: String(pick([1, 3, 6])) }),
  ])();
}

function severalFilters(): Record<string, string> {
  const params: Record<string, string> = {
    municipality: chance(0.3)
      ? `${pick(municipalityValues)},${pick(municipalityValues)}`
      : pick(municipalityValues),
    type: pick(typeValues),
    application: 'open',
  };
  if (chance(0.4)) params.studyForm = pick(['contact', 'online', 'blended', 'apprenticeship']);
  if (chance(0.2)) delete params.type;
  return params;
}

function queryMix(): BenchQuery[] {
  const make = (kind: Kind, n: number, params: () => Record<string, string>) =>
    Array.from({ length: n }, () => ({ kind, params: params() }));
  const queries = [
    ...make('no filter', 25, () => ({})),
    ...make('one filter', 60, oneFilter),
    ...make('2-3 filters', 50, severalFilters),
    ...make('sort deadline', 20, () => ({
      sort: 'deadline',
      ...(chance(0.5) ? { application: 'open' } : {}),
    })),
    ...make('sort start', 20, () => ({ sort: 'start', ...(chance(0.5) ? oneFilter() : {}) })),
    ...make('page 5', 20, () => ({ page: '5', ...(chance(0.5) ? { field: pick(fieldValues) } : {}) })),
    ...make('text', 30, () => ({ q: pick(textWords) })),
    ...make('text + filter', 25, () => ({
      q: pick(textWords),
      ...(chance(0.5) ? oneFilter() : severalFilters()),
    })),
  ];
  for (let i = queries.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [queries[i], queries[j]] = [queries[j]!, queries[i]!];
  }
  return queries;
}

// ---------------------------------------------------------------------------------------------
// Engines

interface Engine {
  label: string;
  handle: DatabaseHandle;
  drop?: () => Promise<void>;
  importMs?: number;
  firstMs?: number;
  times: { kind: Kind; ms: number; total: number }[];
}

async function openPostgres(): Promise<Engine | undefined> {
  const base = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const admin = new pg.Client({ connectionString: base, connectionTimeoutMillis: 5_000 });
  try {
    await admin.connect();
  } catch (error) {
    console.log(`PostgreSQL at ${base} not reachable (${(error as Error).message}): PostgreSQL skipped`);
    return undefined;
  }
  const name = `opintori_bench_catalogue_${randomBytes(4).toString('hex')}`;
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const handle = await openDatabase({
    databaseUrl: url.toString(),
    pgliteDataDir: '',
    statementTimeoutMs: 600_000,
  });
  const drop = async () => {
    const client = new pg.Client({ connectionString: base });
    await client.connect();
    await client.query(`drop database if exists ${name} with (force)`);
    await client.end();
  };
  return { label: 'PostgreSQL', handle, drop, times: [] };
}

async function load(engine: Engine, csv: Buffer) {
  const { db } = engine.handle;
  await migrateToLatest(db);
  await db
    .insertInto('organisations')
    .values(
      providers.map(([slug, fi, sv, municipality]) => ({
        slug,
        name_fi: fi,
        name_sv: sv,
        name_en: null,
        description_fi: null,
        description_sv: null,
        description_en: null,
        website: `https://${slug}.example/`,
        municipality,
      })),
    )
    .execute();
  const started = performance.now();
  const report = await importProgrammes(db, ctx, [{ name: 'bench-catalogue.csv', bytes: csv }], {
    dryRun: false,
    maxBytes: 1024 * 1024 * 1024,
  });
  engine.importMs = performance.now() - started;
  if (report.added.length !== COUNT) {
    const reasons = report.rejected.slice(0, 3).map((r) => `${r.ref}: ${r.reason}`);
    throw new Error(`${engine.label}: imported ${report.added.length} of ${COUNT}; ${reasons.join('; ')}`);
  }
  if (report.warnings.length > 0) console.log(`${engine.label}: ${report.warnings.length} import warnings`);
}

async function run(engine: Engine, query: BenchQuery, record: boolean) {
  const parsed = programmeListQuerySchema.parse(query.params);
  const started = performance.now();
  const response = await listProgrammes(engine.handle.db, ctx, parsed, NOW);
  const ms = performance.now() - started;
  if (record) engine.times.push({ kind: query.kind, ms, total: response.total });
  return { ms, total: response.total };
}

// ---------------------------------------------------------------------------------------------
// Reporting

const percentile = (values: number[], fraction: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? NaN;
};
const ms = (value: number | undefined) =>
  value === undefined || Number.isNaN(value)
    ? '—'
    : value >= 1000
      ? `${(value / 1000).toFixed(2)} s`
      : `${value.toFixed(1)} ms`;
const loadAverage = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ');
const isText = (kind: Kind) => kind === 'text' || kind === 'text + filter';

function table(engines: Engine[], rows: [string, (e: Engine) => number | undefined][]) {
  const ratio = engines.length === 2;
  console.log(
    `${''.padEnd(34)}${engines.map((e) => e.label.padStart(13)).join('')}${ratio ? '   PG/PGlite'.padStart(12) : ''}`,
  );
  for (const [label, value] of rows) {
    const values = engines.map(value);
    const r = ratio && values[0] && values[1] !== undefined ? (values[1] / values[0]).toFixed(2) : '';
    console.log(`${label.padEnd(34)}${values.map((v) => ms(v).padStart(13)).join('')}${r.padStart(12)}`);
  }
}

function stats(
  label: string,
  filter: (kind: Kind) => boolean,
): [string, (e: Engine) => number | undefined][] {
  const of = (e: Engine) => e.times.filter((t) => filter(t.kind)).map((t) => t.ms);
  const n = (e: Engine) => of(e).length;
  return [
    [`${label} (${n(engines[0]!)})  p50`, (e) => percentile(of(e), 0.5)],
    [`${label}  p95`, (e) => percentile(of(e), 0.95)],
    [`${label}  max`, (e) => Math.max(...of(e))],
  ];
}

/** The pieces of a listing on their own, to see where the time goes. */
async function pieces(engine: Engine) {
  const { db } = engine.handle;
  const revision: number[] = [];
  for (let i = 0; i < 100; i++) {
    const started = performance.now();
    await db.selectFrom('catalogue_state').select('revision').where('id', '=', 1).executeTakeFirst();
    revision.push(performance.now() - started);
  }
  const index: number[] = [];
  for (let i = 0; i < 50; i++) {
    const started = performance.now();
    await catalogueIndex(db);
    index.push(performance.now() - started);
  }
  const text: number[] = [];
  const hits: number[] = [];
  for (let round = 0; round < 3; round++) {
    for (const q of textWords) {
      const started = performance.now();
      const rows = await searchProgrammeText(db, 'fi', textTerms('fi', q));
      text.push(performance.now() - started);
      hits.push(rows.length);
    }
  }
  const perWord = textWords.map((q, i) => `${q} ${hits[i]}`).join(', ');
  return { revision, index, text, hits, perWord };
}

// ---------------------------------------------------------------------------------------------

const engines: Engine[] = [];
let postgres: Engine | undefined;
try {
  const { templates, source } = demoTemplates();
  const started = performance.now();
  const csv = Buffer.from(generateCsv(templates, COUNT), 'utf8');
  const generatedMs = performance.now() - started;
  console.log(
    `Catalogue listing benchmark: ${COUNT.toLocaleString('en')} generated programmes, ${providers.length} providers, ` +
      `names and texts from ${source}`,
  );
  console.log(`CSV ${(csv.byteLength / 1024 / 1024).toFixed(1)} MB generated in ${ms(generatedMs)}`);
  console.log(`${os.cpus().length} CPUs, load average ${loadAverage()} at the start`);

  const pglite: Engine = {
    label: 'PGlite',
    handle: await openDatabase({ pgliteDataDir: 'memory://', statementTimeoutMs: 600_000 }),
    times: [],
  };
  engines.push(pglite);
  postgres = await openPostgres();
  if (postgres) engines.push(postgres);
  for (const engine of engines) {
    await load(engine, csv);
    console.log(`${engine.label}: imported in ${ms(engine.importMs)}`);
  }

  // The first listing loads the index; then a warm-up that is not counted.
  for (const engine of engines)
    engine.firstMs = (await run(engine, { kind: 'no filter', params: {} }, false)).ms;
  const warmUp = queryMix().slice(0, 40);
  for (const query of warmUp) for (const engine of engines) await run(engine, query, false);

  // Measured: each query on both engines in turn, alternating which goes first.
  const mix = queryMix();
  let mismatches = 0;
  for (const [i, query] of mix.entries()) {
    const order = i % 2 === 0 ? engines : [...engines].reverse();
    const totals = [];
    for (const engine of order) totals.push((await run(engine, query, true)).total);
    if (totals.length === 2 && totals[0] !== totals[1]) mismatches += 1;
  }
  const withQ = mix.filter((q) => isText(q.kind)).length;
  console.log(
    `\nListing with facets (listProgrammes): ${mix.length} queries after ${warmUp.length} warm-up, ` +
      `${withQ} (${Math.round((withQ / mix.length) * 100)}%) with text${engines.length === 2 ? `; result totals differ between engines in ${mismatches}` : ''}\n`,
  );
  table(engines, [
    [`import ${COUNT.toLocaleString('en')} rows (CSV)`, (e) => e.importMs],
    ['first listing (loads the index)', (e) => e.firstMs],
    ...stats('all', () => true),
    ...stats('without q', (kind) => !isText(kind)),
    ...stats('with q', isText),
  ]);
  console.log('\np50 / p95 by kind of query');
  const kinds = kindOrder.filter((kind) => mix.some((q) => q.kind === kind));
  for (const kind of kinds) {
    const cells = engines.map((e) => {
      const times = e.times.filter((t) => t.kind === kind).map((t) => t.ms);
      return `${ms(percentile(times, 0.5))} / ${ms(percentile(times, 0.95))}`.padStart(24);
    });
    const n = mix.filter((q) => q.kind === kind).length;
    console.log(`  ${`${kind} (${n})`.padEnd(20)}${cells.join('')}`);
  }

  console.log('\nPieces, timed on their own (p50 / p95)');
  const measured = [];
  for (const engine of engines) measured.push({ engine, ...(await pieces(engine)) });
  for (const m of measured) {
    const noText = m.engine.times.filter((t) => !isText(t.kind)).map((t) => t.ms);
    const loop = percentile(noText, 0.5) - percentile(m.index, 0.5);
    console.log(
      `  ${m.engine.label.padEnd(11)} revision query ${ms(percentile(m.revision, 0.5))} / ${ms(percentile(m.revision, 0.95))}` +
        `   catalogueIndex() ${ms(percentile(m.index, 0.5))} / ${ms(percentile(m.index, 0.95))}` +
        `   text search SQL ${ms(percentile(m.text, 0.5))} / ${ms(percentile(m.text, 0.95))}` +
        `   filter + facets + sort ≈ ${ms(loop)} (listing without q minus catalogueIndex, p50)`,
    );
  }
  const hits = measured[0]!.hits;
  console.log(
    `  text hits per word: ${measured[0]!.perWord}` +
      ` (median ${percentile(hits, 0.5)}, of ${COUNT.toLocaleString('en')})`,
  );

  console.log(`Load average ${loadAverage()} at the end`);
  if (postgres) {
    const p95 = percentile(
      postgres.times.map((t) => t.ms),
      0.95,
    );
    console.log(
      `\nTarget p95 ≤ ${TARGET_P95_MS} ms on PostgreSQL: ${p95 <= TARGET_P95_MS ? 'met' : 'NOT met'} (p95 ${ms(p95)})`,
    );
  } else {
    console.log(`\nTarget p95 ≤ ${TARGET_P95_MS} ms on PostgreSQL: not measured (PostgreSQL skipped)`);
  }
} finally {
  for (const engine of engines) await engine.handle.close();
  await postgres?.drop?.();
}
