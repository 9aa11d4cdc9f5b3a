/** Report figures of a period with rolled-up months: the roll-up's counts plus the other days' contacts. */
import type { Db } from '../../db/database-types.js';
import { histogramPercentile } from './report-buckets.js';
import {
  selectDurationBuckets,
  volumeDimensions,
  type ContactFilter,
  type VolumeDimension,
} from './report-contacts.repository.js';
import type { PeriodPlan } from './report-period.js';
import { selectRollupCounts } from './report-rollup.repository.js';
import {
  byChannel,
  byCountDesc,
  heatmap,
  num,
  satisfaction,
  satisfactionOf,
  tuned,
  volumes,
  type ContactFigures,
  type Count,
  type Scores,
  type Timing,
} from './contact-figures.service.js';

/**
 * Response and handling times of a span as counts per bucket (the roll-up's buckets), per
 * channel, plus the chats abandoned in the queue.
 */
async function durationBuckets(db: Db, filter: ContactFilter) {
  const rows = await selectDurationBuckets(db, filter);
  return rows.map((r) => ({ ...r, bucket: Number(r.bucket), n: num(r.n) }));
}

/** Adds to a count per key. */
function add(map: Map<string, number>, key: string, n: number) {
  map.set(key, (map.get(key) ?? 0) + n);
}

/**
 * Figures of a period that includes rolled-up months: their counts from the roll-up, the other
 * days from the contacts, added up. Counts are exact; percentiles come from the merged buckets.
 * The filter's days are replaced by the plan's spans.
 */
export async function rollupFigures(
  db: Db,
  filter: ContactFilter,
  plan: PeriodPlan,
): Promise<ContactFigures> {
  const [rolled, ...spans] = await Promise.all([
    tuned(db, (trx) => selectRollupCounts(trx, plan.months, filter.provider, filter.channel)),
    ...plan.spans.map(async (span) => {
      const spanFilter = { ...filter, from: span.from, to: span.to };
      const [volume, heat, buckets, sat] = await Promise.all([
        tuned(db, (trx) => volumes(trx, spanFilter)),
        tuned(db, (trx) => heatmap(trx, spanFilter)),
        tuned(db, (trx) => durationBuckets(trx, spanFilter)),
        tuned(db, (trx) => satisfaction(trx, spanFilter, span.from)),
      ]);
      return { volume, heat, buckets, sat };
    }),
  ]);
  const counts = Object.fromEntries(volumeDimensions.map((d) => [d, new Map<string, number>()])) as Record<
    VolumeDimension,
    Map<string, number>
  >;
  const heat = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0));
  const histograms = {
    frt: new Map<string, Map<number, number>>(),
    handling: new Map<string, Map<number, number>>(),
  };
  const bucketAdd = (metric: 'frt' | 'handling', channel: string, bucket: number, n: number) => {
    for (const key of [channel, 'all']) {
      const histogram = histograms[metric].get(key) ?? new Map<number, number>();
      histogram.set(bucket, (histogram.get(bucket) ?? 0) + n);
      histograms[metric].set(key, histogram);
    }
  };
  const scores: Scores = [0, 0, 0, 0, 0];
  let abandoned = 0;
  for (const row of rolled) {
    const key = row.key ?? 'none';
    if (row.dim === 'contacts' || row.dim === 'provider') {
      add(counts.channel, row.channel!, row.n);
      add(counts.organisation_id, (row.dim === 'contacts' ? row.provider : row.key) ?? 'none', row.n);
    } else if (row.dim === 'hour') {
      const [dow, hour] = key.split('-').map(Number) as [number, number];
      const cells = heat[dow - 1]!;
      cells[hour] = (cells[hour] ?? 0) + row.n;
    } else if (row.dim === 'frt' || row.dim === 'handling') {
      bucketAdd(row.dim, row.channel!, Number(key), row.n);
    } else if (row.dim === 'abandoned') {
      abandoned += row.n;
    } else if (row.dim === 'score') {
      const score = Number(key) - 1;
      scores[score] = (scores[score] ?? 0) + row.n;
    } else if ((volumeDimensions as readonly string[]).includes(row.dim)) {
      add(counts[row.dim as VolumeDimension], key, row.n);
    }
  }
  for (const span of spans) {
    for (const d of volumeDimensions) for (const c of span.volume.counts[d]) add(counts[d], c.key, c.count);
    span.heat.forEach((day, dow) => {
      const cells = heat[dow]!;
      day.forEach((n, hour) => (cells[hour] = (cells[hour] ?? 0) + n));
    });
    for (const b of span.buckets) {
      if (b.metric === 'abandoned') abandoned += b.n;
      else bucketAdd(b.metric as 'frt' | 'handling', b.channel, b.bucket, b.n);
    }
    span.sat.counts.forEach((n, i) => (scores[i] = (scores[i] ?? 0) + n));
  }
  const listed = Object.fromEntries(
    volumeDimensions.map((d) => [
      d,
      [...counts[d]].map(([key, count]) => ({ key, count })).sort(byCountDesc),
    ]),
  ) as Record<VolumeDimension, Count[]>;
  const timingsOf = (metric: 'frt' | 'handling'): Timing[] => {
    const list: Timing[] = [];
    if (!histograms[metric].has('all')) list.push({ channel: 'all', count: 0, p50: null, p90: null });
    for (const [channel, histogram] of histograms[metric]) {
      const p50 = histogramPercentile(histogram, 0.5);
      const p90 = histogramPercentile(histogram, 0.9);
      list.push({
        channel,
        count: [...histogram.values()].reduce((a, b) => a + b, 0),
        p50: p50 === null ? null : Math.round(p50),
        p90: p90 === null ? null : Math.round(p90),
      });
    }
    return list.sort(byChannel);
  };
  const chats = counts.channel.get('chat') ?? 0;
  return {
    counts: listed,
    total: listed.channel.reduce((a, c) => a + c.count, 0),
    heat,
    timing: {
      firstResponse: timingsOf('frt'),
      handling: timingsOf('handling'),
      abandoned: { chats, abandoned, share: chats > 0 ? abandoned / chats : null },
    },
    sat: satisfactionOf(scores),
  };
}
