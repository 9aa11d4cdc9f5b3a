/* Response shapes of the reports: the console's figures and the funder report. */
import { z } from 'zod';
import type { FunderReport } from './funder-report.service.js';
import type { Report } from './report.service.js';
import { eventFormats } from '../events/event-vocabulary.js';

const countSchema = z.object({ key: z.string(), count: z.number().int() });
const namedCountSchema = countSchema.extend({ name: z.string() });
const timingSchema = z.object({
  /** A channel, or `all`. */
  channel: z.string(),
  count: z.number().int(),
  /** Seconds, or null when nothing was measured. */
  p50: z.number().nullable(),
  p90: z.number().nullable(),
});
const score = z.number().int();
const regionClassSchema = z.enum(['urban', 'semi_urban', 'rural', 'unknown']);
const eventFormatSchema = z.enum(eventFormats);

/** Every figure of the console's report for one period and filter set. */
const groupSessionCounts = {
  events: z.number().int(),
  capacity: z.number().int(),
  registered: z.number().int(),
  waiting: z.number().int(),
  cancelled: z.number().int(),
  attended: z.number().int(),
};
const groupSessionsSchema = z.object({
  ...groupSessionCounts,
  byFormat: z.array(z.object({ format: eventFormatSchema, ...groupSessionCounts })),
});

export const reportSchema = z.object({
  period: z.object({ from: z.string(), to: z.string() }),
  scope: z.object({ provider: z.string().nullable(), staffBreakdown: z.boolean() }),
  /**
   * Whole ended months read from the monthly roll-up; with any, the p50 / p90 times lie within
   * `percentileAccuracy` (a share) of the exact value.
   */
  precision: z.object({ rolledUpMonths: z.number().int(), percentileAccuracy: z.number().nullable() }),
  totals: z.object({ contacts: z.number().int() }),
  byChannel: z.array(countSchema),
  byTopic: z.array(countSchema),
  byLanguage: z.array(countSchema),
  byProvider: z.array(namedCountSchema),
  byAgeBand: z.array(countSchema),
  bySituation: z.array(countSchema),
  /** Per counsellor: admins (everyone) and provider admins (their own staff) only. */
  byStaff: z.array(namedCountSchema).nullable(),
  /** heatmap[weekday 0 = Monday … 6 = Sunday][hour 0–23], Helsinki local time. */
  heatmap: z.array(z.array(z.number().int())),
  firstResponse: z.array(timingSchema),
  handling: z.array(timingSchema),
  abandoned: z.object({ chats: z.number().int(), abandoned: z.number().int(), share: z.number().nullable() }),
  satisfaction: z.object({
    /** How many gave 1, 2, 3, 4 and 5. */
    counts: z.tuple([score, score, score, score, score]),
    total: z.number().int(),
    mean: z.number().nullable(),
  }),
  articles: z.array(
    z.object({
      key: z.string(),
      lang: z.string(),
      title: z.string(),
      yes: z.number().int(),
      no: z.number().int(),
    }),
  ),
  finder: z.object({ used: z.number().int() }),
  invitations: z.array(
    z.object({
      rule: z.string(),
      name: z.string(),
      shown: z.number().int(),
      accepted: z.number().int(),
      dismissed: z.number().int(),
    }),
  ),
  events: z.array(
    z.object({ id: z.string(), title: z.string(), startsAt: z.string(), count: z.number().int() }),
  ),
  selfHelp: z.object({
    /** Widget questions per entry point (service-wide); the last row is `all`. */
    byEntry: z.array(
      z.object({
        entry: z.string(),
        answered: z.number().int(),
        chat: z.number().int(),
        /** answered / (answered + chat); null when there were none. */
        share: z.number().nullable(),
      }),
    ),
    chatsAfterGuide: z.array(z.object({ key: z.string(), title: z.string(), count: z.number().int() })),
    cardsByProvider: z.array(namedCountSchema),
    /** Per counsellor: admins (everyone) and provider admins (their own staff) only. */
    cardsByStaff: z.array(namedCountSchema).nullable(),
  }),
  geography: z.object({
    /** Counts are text: 1–4 show as "< 5". */
    byRegionClass: z.array(z.object({ key: regionClassSchema, count: z.string() })),
    byMunicipality: z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        nameSv: z.string(),
        regionClass: regionClassSchema,
        inRegion: z.boolean(),
        lat: z.number(),
        lon: z.number(),
        count: z.string(),
      }),
    ),
    ruralShare: z.array(
      z.object({ month: z.string(), known: z.string(), rural: z.string(), share: z.number().nullable() }),
    ),
  }),
  groupSessions: groupSessionsSchema,
}) satisfies z.ZodType<Report>;

/** Anonymous counts for funders; counts are text because 1–4 show as "< 5". */
export const funderReportSchema = z.object({
  period: z.object({ from: z.string(), to: z.string(), unit: z.enum(['month', 'quarter']) }),
  provider: z.string().nullable(),
  rows: z.array(
    z.object({
      period: z.string(),
      ageBand: z.string(),
      situation: z.string(),
      channel: z.string(),
      count: z.string(),
    }),
  ),
  /** Period totals, rounded to the nearest 10. */
  totals: z.array(z.object({ period: z.string(), count: z.string() })),
  /** Contacts per period × urban–rural class of the home municipality × channel. */
  regions: z.array(
    z.object({ period: z.string(), regionClass: regionClassSchema, channel: z.string(), count: z.string() }),
  ),
  /** Group sessions per period × format: sessions, registrants with a place and attendance. */
  groupSessions: z.array(
    z.object({
      period: z.string(),
      format: eventFormatSchema,
      sessions: z.number().int(),
      registered: z.string(),
      attended: z.string(),
    }),
  ),
}) satisfies z.ZodType<FunderReport>;
