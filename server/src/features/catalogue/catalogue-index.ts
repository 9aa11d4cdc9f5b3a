import type { Db } from '../../db/database-types.js';
import type { UiLang } from '../../shared/urls/article-urls.js';
import {
  localText,
  OPENING_SOON_DAYS,
  type ApplicationStatus,
  type CatalogueLang,
  type LocalText,
  type QualificationType,
} from './catalogue-vocabulary.js';
import type { ProgrammeApplication, ProgrammeRow } from './programme.table.js';
import { buildColumns, type CatalogueColumns } from './catalogue-columns.js';
import { selectCatalogueRevision, selectIndexRows } from './programme.repository.js';

/**
 * The listing index: every active programme's filterable attributes, held in memory so that
 * filtering, facet counts and sorting over tens of thousands of programmes take a few
 * milliseconds. Each node reloads it when `catalogue_state.revision` moves (every import
 * bumps it), so all nodes serve the same catalogue.
 */
export interface IndexedProgramme {
  id: string;
  providerSlug: string;
  providerName: LocalText;
  name: LocalText;
  summary: LocalText;
  type: QualificationType;
  field: string | null;
  studyForms: string[];
  municipalities: string[];
  onlineOnly: boolean;
  /** Online only, or an online / blended study form: possible from anywhere. */
  anywhere: boolean;
  languages: string[];
  support: string[];
  teachingTimes: string[];
  continuousStart: boolean;
  startDates: string[];
  startMs: number[];
  application: ProgrammeApplication;
  periods: { method: string; start: number; end: number | null }[];
  durationMonths: number | null;
  costEur: number | null;
  /** Position in name order per language. */
  nameRank: Record<CatalogueLang, number>;
}

export interface CatalogueIndex {
  revision: string;
  items: IndexedProgramme[];
  byId: Map<string, IndexedProgramme>;
  columns: CatalogueColumns;
}

interface Cache {
  index?: CatalogueIndex;
  loading?: Promise<CatalogueIndex>;
}
const caches = new WeakMap<Db, Cache>();

const collators: Record<CatalogueLang, Intl.Collator> = {
  fi: new Intl.Collator('fi'),
  sv: new Intl.Collator('sv'),
  en: new Intl.Collator('en'),
};

/** What the index keeps of a programme row (joined with its provider). */
export type IndexRow = Pick<
  ProgrammeRow,
  | 'id'
  | 'name'
  | 'summary'
  | 'qualification_type'
  | 'field'
  | 'study_forms'
  | 'municipalities'
  | 'online_only'
  | 'languages'
  | 'support'
  | 'teaching_times'
  | 'continuous_start'
  | 'application'
  | 'duration_months'
  | 'cost'
> & { start_dates: string[]; slug: string; name_fi: string; name_sv: string | null; name_en: string | null };

/** One programme as the listing, the finder and the programme page read it. */
export function toIndexedProgramme(r: IndexRow): IndexedProgramme {
  const startDates = r.start_dates ?? [];
  return {
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
    startMs: startDates.map((d) => Date.parse(`${d}T00:00:00Z`)),
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
}

async function build(db: Db, revision: string): Promise<CatalogueIndex> {
  const rows = await selectIndexRows(db);
  const items = rows.map(toIndexedProgramme);
  for (const lang of ['fi', 'sv', 'en'] as const) {
    const sorted = [...items].sort((a, b) =>
      collators[lang].compare(localText(a.name, lang), localText(b.name, lang)),
    );
    sorted.forEach((item, rank) => (item.nameRank[lang] = rank));
  }
  return { revision, items, byId: new Map(items.map((i) => [i.id, i])), columns: buildColumns(items) };
}

/** The current index, rebuilt when another import has changed the catalogue. */
export async function catalogueIndex(db: Db): Promise<CatalogueIndex> {
  let cache = caches.get(db);
  if (!cache) {
    cache = {};
    caches.set(db, cache);
  }
  const revision = String((await selectCatalogueRevision(db)) ?? '0');
  if (cache.index?.revision === revision) return cache.index;
  const c = cache;
  const loading = (c.loading ??= build(db, revision).finally(() => (c.loading = undefined)));
  const index = await loading;
  cache.index = index;
  return index;
}

export interface ApplicationState {
  openNow: boolean;
  continuous: boolean;
  opensSoon: boolean;
  /** End of the open period that closes first (ms), or null when open-ended / not open. */
  closesAt: number | null;
  /** Start of the next period that has not opened yet (ms). */
  opensAt: number | null;
}

export function applicationState(
  item: Pick<IndexedProgramme, 'periods' | 'application'>,
  now: number,
): ApplicationState {
  let openNow = false;
  let continuousOpen = false;
  let closesAt: number | null = null;
  let opensAt: number | null = null;
  for (const p of item.periods) {
    if (p.start <= now && (p.end === null || p.end > now)) {
      openNow = true;
      if (p.method === 'continuous') continuousOpen = true;
      if (p.end !== null && (closesAt === null || p.end < closesAt)) closesAt = p.end;
    } else if (p.start > now && (opensAt === null || p.start < opensAt)) opensAt = p.start;
  }
  const continuousWithoutPeriods =
    item.application.methods.includes('continuous') && !item.periods.some((p) => p.method === 'continuous');
  const continuous = continuousOpen || continuousWithoutPeriods;
  return {
    openNow: openNow || continuousWithoutPeriods,
    continuous,
    opensSoon: !openNow && opensAt !== null && opensAt - now <= OPENING_SOON_DAYS * 86_400_000,
    closesAt,
    opensAt,
  };
}

export const statusMatches = (state: ApplicationState, status: ApplicationStatus) =>
  status === 'open' ? state.openNow : status === 'continuous' ? state.continuous : state.opensSoon;

export type { UiLang };
