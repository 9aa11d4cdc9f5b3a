import { sql } from 'kysely';
import type { Db } from '../../db/database-types.js';
import { AppError } from '../../errors.js';
import type { RequestContext } from '../../access/request-context.js';
import { normaliseQuery } from '../../shared/search/query-normalisation.js';
import { expandTerms } from '../../shared/search/terms.js';
import { escapeHtml } from '../../shared/html.js';
import {
  applicationStatuses,
  fieldCodes,
  isProgrammeId,
  localText,
  qualificationTypes,
  studyForms,
  supportKinds,
  teachingLanguages,
  type CatalogueLang,
} from './catalogue-vocabulary.js';
import {
  computeStatuses,
  staticDimensions,
  STATUS_CONTINUOUS,
  STATUS_OPEN,
  STATUS_SOON,
  type StaticDimension,
} from './catalogue-columns.js';
import {
  applicationState,
  catalogueIndex,
  toIndexedProgramme,
  type ApplicationState,
  type IndexedProgramme,
} from './catalogue-index.js';
import { programmeUrl } from '../../shared/urls/catalogue-urls.js';
import { municipalityName } from '../../shared/municipalities.js';
import { searchProgrammeText, type TextTerm } from './programme-search.repository.js';
import type {
  ProgrammeDetail,
  ProgrammeListItem,
  ProgrammeListQuery,
  ProgrammeListResponse,
  SortOrder,
} from './programme.schema.js';

/** Query words with their synonyms and (Finnish) consonant-gradation variants, as the guide search reads them. */
export function textTerms(lang: CatalogueLang, q: string): TextTerm[] {
  return expandTerms(lang, normaliseQuery(q)).map(({ position, word }) => ({ position, word }));
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

  const cols = index.columns;
  const size = cols.size;
  let rank: Float64Array | null = null;
  let candidate: Uint8Array | null = null;
  if (query.q.trim()) {
    const hits = await searchProgrammeText(db, lang, textTerms(lang, query.q));
    rank = new Float64Array(size);
    candidate = new Uint8Array(size);
    for (const hit of hits) {
      const i = cols.indexOf.get(hit.id);
      if (i !== undefined) {
        candidate[i] = 1;
        rank[i] = hit.rank;
      }
    }
  }

  const status = computeStatuses(cols, now);
  const startLimit = query.startWithin ? now + query.startWithin * 31 * DAY : null;
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

  // The selected values of each active filter as a bit mask over that dimension's values.
  const active = staticDimensions
    .filter((d) => selected[d].length > 0)
    .map((d) => {
      const column = cols.dims[d];
      const mask = new Uint32Array(column.words);
      for (const value of selected[d]) {
        const id = column.idOf.get(value);
        if (id !== undefined) mask[id >>> 5]! |= 1 << (id & 31);
      }
      return { d, column, mask };
    });
  const statusBit = { open: STATUS_OPEN, continuous: STATUS_CONTINUOUS, soon: STATUS_SOON } as const;
  const statusMask = statuses.reduce((m, s) => m | statusBit[s], 0);
  const counts = Object.fromEntries(
    staticDimensions.map((d) => [d, new Int32Array(cols.dims[d].values.length)]),
  ) as Record<StaticDimension, Int32Array>;
  const statusCounts = new Int32Array(8);
  const countBits = (d: StaticDimension, i: number) => {
    const { words, bits } = cols.dims[d];
    const target = counts[d];
    for (let w = 0; w < words; w++) {
      let x = bits[i * words + w]!;
      while (x !== 0) {
        const low = x & -x;
        target[w * 32 + 31 - Math.clz32(low)]! += 1;
        x ^= low;
      }
    }
  };
  const countStatus = (i: number) => {
    const b = status.bits[i]!;
    if (b & STATUS_OPEN) statusCounts[STATUS_OPEN]! += 1;
    if (b & STATUS_CONTINUOUS) statusCounts[STATUS_CONTINUOUS]! += 1;
    if (b & STATUS_SOON) statusCounts[STATUS_SOON]! += 1;
  };

  // One pass in name order: an item failing no filter matches and counts in every facet; an
  // item failing exactly one counts in that filter's facet only (disjunctive facets).
  const order = cols.order[lang];
  const matching: number[] = [];
  for (let o = 0; o < size; o++) {
    const i = order[o]!;
    if (candidate && candidate[i] === 0) continue;
    if (startLimit !== null && cols.continuousStart[i] === 0) {
      let starts = false;
      for (let k = cols.startOffset[i]!; k < cols.startOffset[i + 1]!; k++) {
        const ms = cols.startMs[k]!;
        if (ms >= now - DAY && ms <= startLimit) {
          starts = true;
          break;
        }
      }
      if (!starts) continue;
    }
    let failures = 0;
    let failed: StaticDimension | 'application' | null = null;
    for (const { d, column, mask } of active) {
      let hit = false;
      for (let w = 0; w < column.words; w++) {
        if ((column.bits[i * column.words + w]! & mask[w]!) !== 0) {
          hit = true;
          break;
        }
      }
      if (!hit) {
        failures += 1;
        failed = d;
        if (failures > 1) break;
      }
    }
    if (failures > 1) continue;
    if (statusMask !== 0 && (status.bits[i]! & statusMask) === 0) {
      failures += 1;
      failed = 'application';
      if (failures > 1) continue;
    }
    if (failures === 0) {
      for (const d of staticDimensions) countBits(d, i);
      countStatus(i);
      matching.push(i);
    } else if (failed === 'application') countStatus(i);
    else countBits(failed!, i);
  }

  const sort: SortOrder =
    query.sort === 'relevance' && !rank ? 'name' : (query.sort ?? (rank ? 'relevance' : 'name'));
  const far = Number.MAX_SAFE_INTEGER;
  // The list is in name order already; the sorts below are stable, so ties stay by name.
  if (sort === 'relevance' && rank) {
    matching.sort((a, b) => rank[b]! - rank[a]!);
  } else if (sort === 'deadline') {
    // Open with a closing date first (soonest first), then open-ended, then not open.
    const key = new Float64Array(size);
    for (const i of matching) {
      const closes = status.closesAt[i]!;
      key[i] = status.bits[i]! & STATUS_OPEN ? (Number.isNaN(closes) ? far - 1 : closes) : far;
    }
    matching.sort((a, b) => key[a]! - key[b]!);
  } else if (sort === 'start') {
    const key = new Float64Array(size);
    for (const i of matching) {
      let k = far;
      if (cols.continuousStart[i] === 1) k = now;
      else {
        for (let s = cols.startOffset[i]!; s < cols.startOffset[i + 1]!; s++) {
          if (cols.startMs[s]! >= now - DAY) {
            k = cols.startMs[s]!;
            break;
          }
        }
      }
      key[i] = k;
    }
    matching.sort((a, b) => key[a]! - key[b]!);
  }

  const pages = Math.max(1, Math.ceil(matching.length / query.pageSize));
  const page = Math.min(query.page, pages);
  const slice = matching.slice((page - 1) * query.pageSize, page * query.pageSize);
  const stateOf = (i: number): ApplicationState => {
    const b = status.bits[i]!;
    const closes = status.closesAt[i]!;
    const opens = status.opensAt[i]!;
    return {
      openNow: (b & STATUS_OPEN) !== 0,
      continuous: (b & STATUS_CONTINUOUS) !== 0,
      opensSoon: (b & STATUS_SOON) !== 0,
      closesAt: Number.isNaN(closes) ? null : closes,
      opensAt: Number.isNaN(opens) ? null : opens,
    };
  };
  const countOf = (d: Dimension, value: string): number => {
    if (d === 'application') return statusCounts[statusBit[value as keyof typeof statusBit]]!;
    const id = cols.dims[d].idOf.get(value);
    return id === undefined ? 0 : counts[d][id]!;
  };

  const known: Record<Dimension, readonly string[]> = {
    field: fieldCodes,
    type: qualificationTypes,
    municipality: cols.dims.municipality.values,
    studyForm: studyForms,
    language: teachingLanguages,
    application: applicationStatuses,
    support: supportKinds,
    provider: cols.dims.provider.values,
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
      .map((value) => ({ value, count: countOf(d, value), selected: selected[d].includes(value) }))
      .filter((f) => f.count > 0 || f.selected);
  };

  return {
    total: matching.length,
    page,
    pageSize: query.pageSize,
    pages,
    sort,
    items: slice.map((i) => presentListItem(index.items[i]!, lang, stateOf(i))),
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
      const indexed = toIndexedProgramme({ ...r, start_dates: r.start_days });
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

export async function getProgramme(
  db: Db,
  _ctx: RequestContext,
  id: string,
  lang: CatalogueLang,
): Promise<ProgrammeDetail> {
  const [detail] = isProgrammeId(id) ? await details(db, [id], lang, true) : [];
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
  return details(db, ids.filter(isProgrammeId), lang, true);
}

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
