import type { Db } from '../../db/database-types.js';
import type { RequestContext } from '../../access/request-context.js';
import { PERCENTILE_ACCURACY } from './report-buckets.js';
import type { ContactFilter } from './report-contacts.repository.js';
import { checkRange, type ReportQuery } from './report-range.js';
import { planFor, type ReportOptions } from './report-rollup.js';
import { resolveScope, type Scope } from './report-scope.js';
import {
  selectArticleRatings,
  selectEventsByIds,
  selectOrganisationNames,
  selectStaffIdsOf,
  selectStaffNames,
} from './report.repository.js';
import { selectCounterTotals } from './daily-counters.repository.js';
import {
  contactFigures,
  num,
  type Abandoned,
  type Count,
  type NamedCount,
  type Satisfaction,
  type Timing,
} from './contact-figures.service.js';
import { rollupFigures } from './rollup-figures.service.js';
import { geographyOf, type Geography } from './report-geography.service.js';
import { municipalityMonths } from './report-geography.repository.js';
import { selfHelpFigures, type SelfHelpFigures } from './self-help-figures.service.js';
import { groupSessionFigures, type GroupSessionFigures } from './group-session-figures.js';

/** How many articles the helpfulness table lists (most rated first). */
export const TOP_ARTICLES = 20;

export interface Report {
  period: { from: string; to: string };
  scope: { provider: string | null; staffBreakdown: boolean };
  /**
   * Whole ended months read from the monthly roll-up. When there are any, the p50 / p90 times
   * come from its buckets and lie within `percentileAccuracy` (a share) of the exact value;
   * every count is exact either way.
   */
  precision: { rolledUpMonths: number; percentileAccuracy: number | null };
  totals: { contacts: number };
  byChannel: Count[];
  byTopic: Count[];
  byLanguage: Count[];
  byProvider: NamedCount[];
  byAgeBand: Count[];
  bySituation: Count[];
  /** Per counsellor: admins (everyone) and provider admins (their own staff) only. */
  byStaff: NamedCount[] | null;
  /** heatmap[weekday 0 = Monday … 6 = Sunday][hour 0–23], Helsinki local time. */
  heatmap: number[][];
  firstResponse: Timing[];
  handling: Timing[];
  abandoned: Abandoned;
  satisfaction: Satisfaction;
  articles: { key: string; lang: string; title: string; yes: number; no: number }[];
  finder: { used: number };
  invitations: { rule: string; name: string; shown: number; accepted: number; dismissed: number }[];
  events: { id: string; title: string; startsAt: string; count: number }[];
  /** Self-help: answered without a chat per entry point, contacts started on a guide, cards sent. */
  selfHelp: SelfHelpFigures;
  /** Whom and where the service reaches: home municipalities, urban–rural classes, the rural share. */
  geography: Geography;
  /** Group sessions that take registrations, started in the period: registrations and attendance. */
  groupSessions: GroupSessionFigures;
}

/** The contacts a report reads: its days and filters, within the provider its reader may see. */
function contactFilterOf(query: ReportQuery, scope: Scope): ContactFilter {
  return {
    from: query.from,
    to: query.to,
    provider: scope.provider,
    channel: query.channel,
    topic: query.topic,
    language: query.language,
    staff: query.staff,
    ageBand: query.ageBand,
    situation: query.situation,
  };
}

/** Article helpfulness is the service's, not a provider's: every rating of the period. */
async function articles(db: Db, from: string, to: string): Promise<Report['articles']> {
  const rows = await selectArticleRatings(db, from, to, TOP_ARTICLES);
  return rows.map((r) => ({ key: r.key, lang: r.lang, title: r.title, yes: num(r.yes), no: num(r.no) }));
}

/** Finder use and invitations are counted per day, not per provider. */
async function counters(db: Db, from: string, to: string) {
  const rows = await selectCounterTotals(db, from, to);
  let used = 0;
  const rules = new Map<string, Report['invitations'][number]>();
  for (const row of rows) {
    if (row.kind === 'finder.used') {
      used += num(row.n);
      continue;
    }
    const rule = rules.get(row.key) ?? {
      rule: row.key,
      name: row.name ?? row.key,
      shown: 0,
      accepted: 0,
      dismissed: 0,
    };
    const field = row.kind.slice('invitation.'.length) as 'shown' | 'accepted' | 'dismissed';
    rule[field] += num(row.n);
    rules.set(row.key, rule);
  }
  const invitations = [...rules.values()].sort((a, b) => b.shown - a.shown || a.name.localeCompare(b.name));
  return { finder: { used }, invitations };
}

async function names(db: Db, table: 'organisations' | 'staff', ids: string[]): Promise<Map<string, string>> {
  const known = ids.filter((id) => id !== 'none');
  if (known.length === 0) return new Map();
  const rows =
    table === 'organisations' ? await selectOrganisationNames(db, known) : await selectStaffNames(db, known);
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * Every metric of the console's report for one period and filter set. Whole ended months come
 * from the monthly roll-up when the filters are ones it keeps (provider and channel); every
 * other day, and every period filtered by topic, language, counsellor or client group, is read
 * from the contacts, so every count is exact and current.
 */
export async function buildReport(
  db: Db,
  ctx: RequestContext,
  query: ReportQuery,
  options: ReportOptions = {},
): Promise<Report> {
  checkRange(query.from, query.to);
  const scope = await resolveScope(db, ctx, query);
  // The roll-up keeps provider and channel; any other filter reads the contacts.
  const kept = !query.topic && !query.language && !query.staff && !query.ageBand && !query.situation;
  const plan = await planFor(db, query, kept ? options : { ...options, rollup: false });
  const filter = contactFilterOf(query, scope);
  const [figures, arts, count, selfHelp, places, groupSessions] = await Promise.all([
    plan.months.length > 0 ? rollupFigures(db, filter, plan) : contactFigures(db, filter),
    articles(db, query.from, query.to),
    counters(db, query.from, query.to),
    selfHelpFigures(db, scope, query, {
      providers: (ids) => names(db, 'organisations', ids),
      staff: (ids) => names(db, 'staff', ids),
    }),
    municipalityMonths(db, filter, plan),
    groupSessionFigures(db, { from: query.from, to: query.to, provider: scope.provider }),
  ]);
  const volume = { counts: figures.counts, total: figures.total };
  const { heat, timing, sat } = figures;
  const { counts } = volume;
  const eventIds = counts.event_id.filter((c) => c.key !== 'none');
  const [providerNames, staffNames, eventRows] = await Promise.all([
    names(
      db,
      'organisations',
      counts.organisation_id.map((c) => c.key),
    ),
    scope.staffBreakdown
      ? names(
          db,
          'staff',
          counts.assigned_staff_id.map((c) => c.key),
        )
      : Promise.resolve(new Map<string, string>()),
    eventIds.length > 0
      ? selectEventsByIds(
          db,
          eventIds.map((e) => e.key),
        )
      : Promise.resolve([]),
  ]);
  let byStaff: NamedCount[] | null = null;
  if (scope.staffBreakdown) {
    let staffCounts = counts.assigned_staff_id;
    if (scope.actor.role !== 'admin') {
      // A provider admin sees their own counsellors; contacts of anyone else stay in the total.
      const own = new Set(await selectStaffIdsOf(db, scope.actor.organisationId));
      staffCounts = staffCounts.filter((c) => own.has(c.key) || c.key === 'none');
    }
    byStaff = staffCounts.map((c) => ({ ...c, name: staffNames.get(c.key) ?? '' }));
  }
  const eventsById = new Map(eventRows.map((e) => [e.id, e]));
  return {
    period: { from: query.from, to: query.to },
    scope: { provider: scope.provider, staffBreakdown: scope.staffBreakdown },
    precision: {
      rolledUpMonths: plan.months.length,
      percentileAccuracy: plan.months.length > 0 ? PERCENTILE_ACCURACY : null,
    },
    totals: { contacts: volume.total },
    byChannel: counts.channel,
    byTopic: counts.topic,
    byLanguage: counts.language,
    byProvider: counts.organisation_id.map((c) => ({ ...c, name: providerNames.get(c.key) ?? '' })),
    byAgeBand: counts.client_age_band,
    bySituation: counts.client_situation,
    byStaff,
    heatmap: heat,
    firstResponse: timing.firstResponse,
    handling: timing.handling,
    abandoned: timing.abandoned,
    satisfaction: sat,
    articles: arts,
    finder: count.finder,
    invitations: count.invitations,
    events: eventIds
      .map((e) => {
        const row = eventsById.get(e.key);
        return {
          id: e.key,
          title: row?.title ?? '',
          startsAt: row ? new Date(row.starts_at).toISOString() : '',
          count: e.count,
        };
      })
      .sort((a, b) => a.startsAt.localeCompare(b.startsAt) || b.count - a.count),
    selfHelp,
    geography: geographyOf(places),
    groupSessions,
  };
}
