/** Small-cell suppression: what the funder report and the reach figures show for small counts. */

/** Counts of 1–4 are shown like this in the funder report. */
export const SUPPRESSED = '< 5';

/** A count as the funder report shows it: 0 and 5 or more as such, 1–4 as "< 5". */
export function suppress(count: number): string {
  return count > 0 && count < 5 ? SUPPRESSED : String(count);
}

/**
 * A total over several cells, rounded to the nearest 10 so that a suppressed cell cannot be
 * worked out by subtracting the shown cells from it (a total below 5 is itself "< 5").
 */
export function roundedTotal(count: number): string {
  if (count === 0) return '0';
  if (count < 5) return SUPPRESSED;
  return String(Math.round(count / 10) * 10);
}
