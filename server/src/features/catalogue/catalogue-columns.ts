import { OPENING_SOON_DAYS, type CatalogueLang } from './catalogue-vocabulary.js';
import type { IndexedProgramme } from './catalogue-index.js';

/**
 * The listing index in columns: each filter dimension as a bitset per programme over that
 * dimension's values, application periods and start dates flattened into typed arrays, and
 * the programmes' order by name per language. One listing request is then a single pass over
 * small arrays, in name order, without per-programme objects or sorting.
 */
export const staticDimensions = [
  'field',
  'type',
  'municipality',
  'studyForm',
  'language',
  'support',
  'provider',
] as const;
export type StaticDimension = (typeof staticDimensions)[number];

export interface DimensionColumn {
  values: string[];
  idOf: Map<string, number>;
  words: number;
  bits: Uint32Array;
}

export interface CatalogueColumns {
  size: number;
  dims: Record<StaticDimension, DimensionColumn>;
  periodOffset: Int32Array;
  periodStart: Float64Array;
  /** +Infinity for an open-ended period. */
  periodEnd: Float64Array;
  /** 1 for continuous application. */
  periodContinuous: Uint8Array;
  /** Continuous application without any period: open all the time. */
  alwaysOpen: Uint8Array;
  continuousStart: Uint8Array;
  startOffset: Int32Array;
  startMs: Float64Array;
  order: Record<CatalogueLang, Int32Array>;
  indexOf: Map<string, number>;
}

const dimensionValues = (item: IndexedProgramme, d: StaticDimension): string[] => {
  switch (d) {
    case 'field':
      return [item.field ?? '99'];
    case 'type':
      return [item.type];
    case 'municipality':
      return item.anywhere ? [...item.municipalities, 'online'] : item.municipalities;
    case 'studyForm':
      return item.studyForms;
    case 'language':
      return item.languages;
    case 'support':
      return item.support;
    case 'provider':
      return [item.providerSlug];
  }
};

export function buildColumns(items: IndexedProgramme[]): CatalogueColumns {
  const size = items.length;
  const dims = {} as Record<StaticDimension, DimensionColumn>;
  for (const d of staticDimensions) {
    const values = [...new Set(items.flatMap((item) => dimensionValues(item, d)))].sort();
    const idOf = new Map(values.map((v, i) => [v, i]));
    const words = Math.max(1, Math.ceil(values.length / 32));
    const bits = new Uint32Array(size * words);
    items.forEach((item, i) => {
      for (const v of dimensionValues(item, d)) {
        const id = idOf.get(v)!;
        bits[i * words + (id >>> 5)]! |= 1 << (id & 31);
      }
    });
    dims[d] = { values, idOf, words, bits };
  }

  const periodCount = items.reduce((sum, item) => sum + item.periods.length, 0);
  const periodOffset = new Int32Array(size + 1);
  const periodStart = new Float64Array(periodCount);
  const periodEnd = new Float64Array(periodCount);
  const periodContinuous = new Uint8Array(periodCount);
  const alwaysOpen = new Uint8Array(size);
  const continuousStart = new Uint8Array(size);
  const startCount = items.reduce((sum, item) => sum + item.startMs.length, 0);
  const startOffset = new Int32Array(size + 1);
  const startMs = new Float64Array(startCount);
  let p = 0;
  let s = 0;
  items.forEach((item, i) => {
    periodOffset[i] = p;
    for (const period of item.periods) {
      periodStart[p] = period.start;
      periodEnd[p] = period.end ?? Number.POSITIVE_INFINITY;
      periodContinuous[p] = period.method === 'continuous' ? 1 : 0;
      p += 1;
    }
    alwaysOpen[i] =
      item.application.methods.includes('continuous') && !item.periods.some((x) => x.method === 'continuous')
        ? 1
        : 0;
    continuousStart[i] = item.continuousStart ? 1 : 0;
    startOffset[i] = s;
    for (const ms of [...item.startMs].sort((a, b) => a - b)) startMs[s++] = ms;
  });
  periodOffset[size] = p;
  startOffset[size] = s;

  const order = {} as Record<CatalogueLang, Int32Array>;
  for (const lang of ['fi', 'sv', 'en'] as const) {
    const indices = new Int32Array(size);
    items.forEach((item, i) => (indices[item.nameRank[lang]] = i));
    order[lang] = indices;
  }
  return {
    size,
    dims,
    periodOffset,
    periodStart,
    periodEnd,
    periodContinuous,
    alwaysOpen,
    continuousStart,
    startOffset,
    startMs,
    order,
    indexOf: new Map(items.map((item, i) => [item.id, i])),
  };
}

export const STATUS_OPEN = 1;
export const STATUS_CONTINUOUS = 2;
export const STATUS_SOON = 4;

export interface StatusColumns {
  bits: Uint8Array;
  /** End of the open period that closes first; NaN when none (open-ended or closed). */
  closesAt: Float64Array;
  /** Start of the next period; NaN when none. */
  opensAt: Float64Array;
}

/** Application status of every programme at `now` (the same rules as applicationState). */
export function computeStatuses(c: CatalogueColumns, now: number): StatusColumns {
  const bits = new Uint8Array(c.size);
  const closesAt = new Float64Array(c.size).fill(Number.NaN);
  const opensAt = new Float64Array(c.size).fill(Number.NaN);
  const soonLimit = OPENING_SOON_DAYS * 86_400_000;
  for (let i = 0; i < c.size; i++) {
    let open = c.alwaysOpen[i] === 1;
    let continuous = open;
    let closes = Number.NaN;
    let opens = Number.NaN;
    for (let p = c.periodOffset[i]!; p < c.periodOffset[i + 1]!; p++) {
      const start = c.periodStart[p]!;
      const end = c.periodEnd[p]!;
      if (start <= now && end > now) {
        open = true;
        if (c.periodContinuous[p] === 1) continuous = true;
        if (end !== Number.POSITIVE_INFINITY && !(closes <= end)) closes = end;
      } else if (start > now && !(opens <= start)) opens = start;
    }
    let b = 0;
    if (open) b |= STATUS_OPEN;
    if (continuous) b |= STATUS_CONTINUOUS;
    if (!open && opens - now <= soonLimit) b |= STATUS_SOON;
    bits[i] = b;
    closesAt[i] = closes;
    opensAt[i] = opens;
  }
  return { bits, closesAt, opensAt };
}
