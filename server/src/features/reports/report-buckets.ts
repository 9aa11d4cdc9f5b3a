/** Log-spaced duration buckets: how the roll-up keeps response and handling times, and percentiles over them. */

/** The largest relative error of a percentile read from roll-up buckets (2 %). */
export const PERCENTILE_ACCURACY = 0.02;
/** Bucket b ≥ 1 holds the durations in [γ^(b−1), γ^b) seconds; bucket 0 holds those under 1 s. */
const GAMMA = (1 + PERCENTILE_ACCURACY) / (1 - PERCENTILE_ACCURACY);
/** ln γ, the bucket width on a log scale (the SQL bucket expression divides by it). */
export const LN_GAMMA = Math.log(GAMMA);

/**
 * The value standing for a bucket: within PERCENTILE_ACCURACY of every duration in it
 * (2γ^b / (1 + γ) lies between γ^(b−1) and γ^b at that relative distance from both ends).
 */
export function bucketValue(bucket: number): number {
  return bucket <= 0 ? 0 : (2 * GAMMA ** bucket) / (1 + GAMMA);
}

/**
 * `percentile_cont` over a histogram of buckets: the values at the two ranks around p·(n−1),
 * interpolated linearly, each value being its bucket's representative.
 */
export function histogramPercentile(histogram: Map<number, number>, p: number): number | null {
  const buckets = [...histogram].filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
  const total = buckets.reduce((sum, [, n]) => sum + n, 0);
  if (total === 0) return null;
  const position = p * (total - 1);
  const valueAt = (rank: number) => {
    let seen = 0;
    for (const [bucket, n] of buckets) {
      seen += n;
      if (rank < seen) return bucketValue(bucket);
    }
    return bucketValue(buckets[buckets.length - 1]![0]);
  };
  const low = Math.floor(position);
  const lower = valueAt(low);
  const upper = valueAt(Math.ceil(position));
  return lower + (position - low) * (upper - lower);
}
