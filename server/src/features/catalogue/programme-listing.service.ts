/** The public catalogue listing: filters, facet counts, text search, sort and pages over the in-memory index. */
import type { Db } from '../../db/database-types.js';
import type { RequestContext } from '../../access/request-context.js';
import {
  applicationStatuses,
  fieldCodes,
  qualificationTypes,
  studyForms,
  supportKinds,
  teachingLanguages,
} from './catalogue-vocabulary.js';
import {
  computeStatuses,
  staticDimensions,
  STATUS_CONTINUOUS,
  STATUS_OPEN,
  STATUS_SOON,
  type StaticDimension,
} from './catalogue-columns.js';
import { catalogueIndex, type ApplicationState } from './catalogue-index.js';
import { municipalityName } from '../../shared/municipalities.js';
import { searchProgrammeText } from './programme-search.repository.js';
import { presentListItem } from './programme.presenter.js';
import { textTerms } from './programme.service.js';
import type { ProgrammeListQuery, ProgrammeListResponse, SortOrder } from './programme.schema.js';

/** The dimensions the listing filters on and counts facets of. */
export const dimensions = [
  'field',
  'type',
  'municipality',
  'studyForm',
  'language',
  'application',
  'support',
  'provider',
] as const;
type Dimension = (typeof dimensions)[number];

const DAY = 86_400_000;

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
