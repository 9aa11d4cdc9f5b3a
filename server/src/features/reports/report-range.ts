import { z } from 'zod';
import { AppError } from '../../errors.js';
import { channels, clientAgeBands, clientSituations } from '../../conversations/conversation.table.js';

/** The longest period one report covers: two years (731 days, a leap day included). */
export const MAX_RANGE_DAYS = 731;
/** No contact predates the service; a date before this is a typing error. */
export const EARLIEST_DAY = '2020-01-01';

const blankIsMissing = (value: unknown) => (value === '' ? undefined : value);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankIsMissing, schema.optional());
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use YYYY-MM-DD');

export const reportQuerySchema = z.object({
  from: day,
  to: day,
  provider: optional(z.uuid()),
  channel: optional(z.enum(channels)),
  topic: optional(z.string().regex(/^[a-z_]{1,60}$/)),
  language: optional(z.string().regex(/^[a-z]{2,3}(-[a-z]+)?$/)),
  staff: optional(z.uuid()),
  ageBand: optional(z.enum(clientAgeBands)),
  situation: optional(z.enum(clientSituations)),
});
export type ReportQuery = z.infer<typeof reportQuerySchema>;

export const funderQuerySchema = z.object({
  from: day,
  to: day,
  period: optional(z.enum(['month', 'quarter'])),
  provider: optional(z.uuid()),
});
export type FunderQuery = z.infer<typeof funderQuerySchema>;

function parseDay(value: string): number | undefined {
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  const time = Date.UTC(y, m - 1, d);
  const back = new Date(time);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d)
    return undefined;
  return time;
}

/**
 * Checks a report period (both days inclusive, Helsinki calendar days): a real date from 2020
 * to the end of next year, `to` not before `from`, at most two years. Throws a coded 400.
 */
export function checkRange(from: string, to: string, today = new Date()): void {
  const start = parseDay(from);
  const end = parseDay(to);
  const latest = Date.UTC(today.getUTCFullYear() + 1, 11, 31);
  const earliest = parseDay(EARLIEST_DAY)!;
  if (start === undefined || end === undefined || start < earliest || end > latest || start > latest) {
    throw new AppError(
      'report.range_invalid',
      400,
      `Use real dates between ${EARLIEST_DAY} and the end of next year`,
    );
  }
  if (end < start) throw new AppError('report.range_reversed', 400, 'The end date is before the start date');
  if ((end - start) / 86_400_000 + 1 > MAX_RANGE_DAYS) {
    throw new AppError('report.range_too_long', 400, 'A report covers at most two years');
  }
}
