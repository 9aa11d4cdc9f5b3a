import { sql } from 'kysely';
import type { Db } from '../../db/database-types.js';
import { AppError } from '../../errors.js';
import type { RequestContext } from '../auth/request-context.js';
import { normaliseQuery } from '../search/query-normalisation.js';
import { synonymsFor } from '../search/synonyms.js';
import { gradationVariants } from '../search/query-normalisation.js';
import {
  applicationStatuses,
  fieldCodes,
  localText,
  qualificationTypes,
  studyForms,
  supportKinds,
  teachingLanguages,
  type CatalogueLang,
} from './catalogue-vocabulary.js';
import {
  applicationState,
  catalogueIndex,
  statusMatches,
  type ApplicationState,
  type IndexedProgramme,
} from './catalogue-index.js';
import { programmeUrl } from './catalogue-urls.js';
import { municipalityName } from './municipalities.js';
import { searchProgrammeText, type TextTerm } from './programme-search.repository.js';
import type {
  ProgrammeDetail,
  ProgrammeListItem,
  ProgrammeListQuery,
  ProgrammeListResponse,
  SortOrder,
} from './programme.schema.js';

/** Query words with their synonyms and (Finnish) consonant-gradation variants. */
export function textTerms(lang: CatalogueLang, q: string): TextTerm[] {
  const terms: TextTerm[] = [];
  normaliseQuery(q).forEach((word, position) => {
    terms.push({ position, word });
    for (const synonym of synonymsFor(lang, word)) terms.push({ position, word: synonym });
    if (lang === 'fi') for (const variant of gradationVariants(word)) terms.push({ position, word: variant });
  });
  return terms;
}

type Dimension =
  'field' | 'type' | 'municipality' | 'studyForm' | 'language' | 'application' | 'support' | 'provider';
const dimensions: Dimension[] = [
  'field',
  'type',
  'municipality',
  'studyForm',
  'language',
  'application',
  'support',
  'provider',
];

const DAY = 86_400_000;

export function presentListItem(
  item: IndexedProgramme,
  lang: CatalogueLang,
  state: ApplicationState,
): ProgrammeListItem {
  return {
    id: item.id,
    name: localText(item.name, lang),
    summary: localText(item.summary, lang),
    provider: { slug: item.providerSlug, name: localText(item.providerName, lang) },
    type: item.type,
    field: item.field,
    municipalities: item.municipalities.map((code) => ({ code, name: municipalityName(code, lang) })),
    onlineOnly: item.onlineOnly,
    languages: item.languages,
    studyForms: item.studyForms,
    support: item.support,
    start: { continuous: item.continuousStart, dates: item.startDates },
    application: {
      continuous: state.continuous,
      openNow: state.openNow,
      opensSoon: state.opensSoon,
      closesAt: state.closesAt === null ? null : new Date(state.closesAt).toISOString(),
      opensAt: state.opensAt === null ? null : new Date(state.opensAt).toISOString(),
      methods: item.application.methods,
      periods: item.application.periods,
    },
    durationMonths: item.durationMonths,
    costEur: item.costEur,
    url: programmeUrl(lang, item.id),
  };
}

/**
 * The public catalogue listing: filters (OR within a filter, AND across filters), facet
 * counts (each filter's counts apply every other filter), text search, sort and pages.
 */
export async function listProgrammes(
  db: Db,
  _ctx: RequestContext,
  query: ProgrammeListQuery,
  now: number = Date.now(),
): Promise<ProgrammeListResponse> {
  const index = await catalogueIndex(db);
  const lang = query.lang;
  const statuses = [...query.application];
  if (query.applicationOpen === 'true' && !statuses.includes('open')) statuses.push('open');

  let candidates = index.items;
  let rankById: Map<string, number> | null = null;
  if (query.q.trim()) {
    const hits = await searchProgrammeText(db, lang, textTerms(lang, query.q));
    rankById = new Map(hits.map((h) => [h.id, h.rank]));
    candidates = hits.map((h) => index.byId.get(h.id)).filter((i): i is IndexedProgramme => !!i);
  }

  const startLimit = query.startWithin ? now + query.startWithin * 31 * DAY : null;
  const states = new Map<string, ApplicationState>();
  const selected: Record<Dimension, string[]> = {
    field: query.field,
    type: query.type,
    municipality: query.municipality,
    studyForm: query.studyForm,
    language: query.language,
    application: statuses,
    support: query.support,
    provider: query.provider,
  };

  // Which selected dimensions an item fails; items failing one dimension count in that
  // dimension's facet only, items failing none count everywhere.
  const valuesOf = (item: IndexedProgramme, state: ApplicationState): Record<Dimension, string[]> => ({
    field: [item.field ?? '99'],
    type: [item.type],
    municipality: item.anywhere ? [...item.municipalities, 'online'] : item.municipalities,
    studyForm: item.studyForms,
    language: item.languages,
    application: applicationStatuses.filter((s) => statusMatches(state, s)),
    support: item.support,
    provider: [item.providerSlug],
  });

  const counts = Object.fromEntries(dimensions.map((d) => [d, new Map<string, number>()])) as Record<
    Dimension,
    Map<string, number>
  >;
  const matching: IndexedProgramme[] = [];
  for (const item of candidates) {
    if (
      startLimit !== null &&
      !item.continuousStart &&
      !item.startMs.some((s) => s >= now - DAY && s <= startLimit)
    ) {
      continue;
    }
    const state = applicationState(item, now);
    states.set(item.id, state);
    const values = valuesOf(item, state);
    let failed: Dimension | null = null;
    let failures = 0;
    for (const d of dimensions) {
      const wanted = selected[d];
      if (wanted.length > 0 && !values[d].some((v) => wanted.includes(v))) {
        failures += 1;
        failed = d;
        if (failures > 1) break;
      }
    }
    if (failures > 1) continue;
    for (const d of failures === 1 ? [failed!] : dimensions) {
      for (const v of values[d]) counts[d].set(v, (counts[d].get(v) ?? 0) + 1);
    }
    if (failures === 0) matching.push(item);
  }

  const sort: SortOrder =
    query.sort === 'relevance' && !rankById ? 'name' : (query.sort ?? (rankById ? 'relevance' : 'name'));
  const byName = (a: IndexedProgramme, b: IndexedProgramme) => a.nameRank[lang] - b.nameRank[lang];
  const far = Number.MAX_SAFE_INTEGER;
  if (sort === 'relevance' && rankById) {
    matching.sort((a, b) => rankById.get(b.id)! - rankById.get(a.id)! || byName(a, b));
  } else if (sort === 'deadline') {
    // Open with a closing date first (soonest first), then open-ended, then not open.
    const key = (i: IndexedProgramme) => {
      const s = states.get(i.id)!;
      return s.openNow ? (s.closesAt ?? far - 1) : far;
    };
    matching.sort((a, b) => key(a) - key(b) || byName(a, b));
  } else if (sort === 'start') {
    const key = (i: IndexedProgramme) =>
      i.continuousStart ? now : (i.startMs.find((s) => s >= now - DAY) ?? far);
    matching.sort((a, b) => key(a) - key(b) || byName(a, b));
  } else matching.sort(byName);

  const pages = Math.max(1, Math.ceil(matching.length / query.pageSize));
  const page = Math.min(query.page, pages);
  const slice = matching.slice((page - 1) * query.pageSize, page * query.pageSize);

  const known: Record<Dimension, readonly string[]> = {
    field: fieldCodes,
    type: qualificationTypes,
    municipality: [...counts.municipality.keys()].sort(),
    studyForm: studyForms,
    language: teachingLanguages,
    application: applicationStatuses,
    support: supportKinds,
    provider: [...counts.provider.keys()].sort(),
  };
  const facet = (d: Dimension) => {
    const values = [...new Set([...known[d], ...selected[d]])];
    // Places by name, "online / anywhere" last.
    if (d === 'municipality') {
      values.sort((a, b) =>
        a === 'online'
          ? 1
          : b === 'online'
            ? -1
            : municipalityName(a, lang).localeCompare(municipalityName(b, lang), lang),
      );
    }
    return values
      .map((value) => ({ value, count: counts[d].get(value) ?? 0, selected: selected[d].includes(value) }))
      .filter((f) => f.count > 0 || f.selected);
  };

  return {
    total: matching.length,
    page,
    pageSize: query.pageSize,
    pages,
    sort,
    items: slice.map((item) => presentListItem(item, lang, states.get(item.id)!)),
    facets: Object.fromEntries(dimensions.map((d) => [d, facet(d)])) as ProgrammeListResponse['facets'],
  };
}

async function details(
  db: Db,
  ids: string[],
  lang: CatalogueLang,
  includeInactive: boolean,
): Promise<ProgrammeDetail[]> {
  if (ids.length === 0) return [];
  let query = db
    .selectFrom('programmes as p')
    .innerJoin('organisations as o', 'o.id', 'p.organisation_id')
    .selectAll('p')
    .select(['o.slug', 'o.name_fi', 'o.name_sv', 'o.name_en', 'o.website'])
    .select(sql<string[]>`p.start_dates::text[]`.as('start_days'))
    .where('p.id', 'in', ids);
  if (!includeInactive) query = query.where('p.is_active', '=', true);
  const rows = await query.execute();
  const now = Date.now();
  const byId = new Map(
    rows.map((r) => {
      const startDates = r.start_days;
      const indexed: IndexedProgramme = {
        id: r.id,
        providerSlug: r.slug,
        providerName: { fi: r.name_fi, sv: r.name_sv ?? undefined, en: r.name_en ?? undefined },
        name: r.name,
        summary: r.summary,
        type: r.qualification_type,
        field: r.field,
        studyForms: r.study_forms,
        municipalities: r.municipalities,
        onlineOnly: r.online_only,
        anywhere: r.online_only || r.study_forms.includes('online'),
        languages: r.languages,
        support: r.support,
        teachingTimes: r.teaching_times,
        continuousStart: r.continuous_start,
        startDates,
        startMs: [],
        application: r.application,
        periods: r.application.periods.map((p) => ({
          method: p.method,
          start: Date.parse(p.start),
          end: p.end ? Date.parse(p.end) : null,
        })),
        durationMonths: r.duration_months === null ? null : Number(r.duration_months),
        costEur: typeof r.cost.eur === 'number' ? r.cost.eur : null,
        nameRank: { fi: 0, sv: 0, en: 0 },
      };
      const item = presentListItem(indexed, lang, applicationState(indexed, now));
      const detail: ProgrammeDetail = {
        ...item,
        provider: { ...item.provider, website: r.website },
        description: localText(r.description, lang),
        names: r.name,
        qualificationCode: r.qualification_code,
        teachingTimes: r.teaching_times,
        applicationUrl:
          r.application_url[lang] ??
          r.application_url.fi ??
          r.application_url.en ??
          r.application_url.sv ??
          null,
        infoUrl: r.url,
        costNote: localText(r.cost.note, lang),
        externalId: r.external_id,
        source: r.source,
        updatedAt: (r.source_updated_at ?? r.updated_at).toISOString(),
        active: r.is_active,
      };
      return [r.id, detail] as const;
    }),
  );
  return ids.map((id) => byId.get(id)).filter((d): d is ProgrammeDetail => !!d);
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function getProgramme(
  db: Db,
  _ctx: RequestContext,
  id: string,
  lang: CatalogueLang,
): Promise<ProgrammeDetail> {
  const [detail] = uuid.test(id) ? await details(db, [id], lang, true) : [];
  if (!detail) throw new AppError('program.not_found', 404, 'No such programme');
  return detail;
}

/** Several programmes at once (shortlist, comparison), in the order asked; unknown ids are left out. */
export async function getProgrammes(
  db: Db,
  _ctx: RequestContext,
  ids: string[],
  lang: CatalogueLang,
): Promise<ProgrammeDetail[]> {
  return details(
    db,
    ids.filter((id) => uuid.test(id)),
    lang,
    true,
  );
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Programmes for the site search (`/api/v1/search?types=program`), best matches first. */
export async function searchProgrammesForSite(db: Db, lang: string, q: string, limit: number) {
  const catalogueLang: CatalogueLang =
    lang === 'sv' || lang === 'en' ? lang : lang === 'fi' || lang === 'fi-selko' ? 'fi' : 'en';
  const hits = await searchProgrammeText(db, catalogueLang, textTerms(catalogueLang, q));
  const index = await catalogueIndex(db);
  return hits
    .sort((a, b) => b.rank - a.rank)
    .slice(0, limit)
    .flatMap((hit) => {
      const item = index.byId.get(hit.id);
      if (!item) return [];
      return [
        {
          type: 'program' as const,
          id: item.id,
          title: localText(item.name, catalogueLang),
          url: programmeUrl(catalogueLang, item.id),
          snippet: escapeHtml(
            `${localText(item.providerName, catalogueLang)} – ${localText(item.summary, catalogueLang)}`.slice(
              0,
              300,
            ),
          ),
          score: Math.round(hit.rank * 10_000) / 10_000,
        },
      ];
    });
}
