import { z } from 'zod';
import {
  applicationStatuses,
  catalogueLangs,
  fieldCodes,
  isProgrammeId,
  qualificationTypes,
  studyForms,
  supportKinds,
  teachingLanguages,
} from './catalogue-vocabulary.js';
import { municipalities } from '../../shared/municipalities.js';

/**
 * A list filter: repeated (`?field=07&field=09`) or comma-separated. Unknown values are
 * dropped, not refused — an old or hand-edited address still shows a working page.
 */
const multi = <T extends string>(known: readonly T[]) =>
  z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((value) => {
      const values = (Array.isArray(value) ? value : value ? [value] : [])
        .slice(0, 50)
        .flatMap((v) => v.split(','))
        .map((v) => v.trim());
      return [...new Set(values.filter((v): v is T => (known as readonly string[]).includes(v)))];
    });

const lenientInt = <F extends number | undefined>(min: number, max: number, fallback: F) =>
  z
    .union([z.string(), z.number()])
    .optional()
    .transform((value): number | F => {
      const n = Number(value);
      return value !== undefined && value !== '' && Number.isInteger(n) && n >= min && n <= max
        ? n
        : fallback;
    });

export const sortOrders = ['relevance', 'name', 'deadline', 'start'] as const;
export type SortOrder = (typeof sortOrders)[number];

export const municipalityFilterValues = [...municipalities.map((m) => m.code), 'online'] as const;

export const programmeListQuerySchema = z.object({
  q: z.string().max(500).optional().default(''),
  lang: z.enum(catalogueLangs).catch('fi').default('fi'),
  field: multi(fieldCodes),
  type: multi(qualificationTypes),
  municipality: multi(municipalityFilterValues),
  studyForm: multi(studyForms),
  language: multi(teachingLanguages),
  /** `applicationOpen=true` is the same as `application=open`. */
  applicationOpen: z.string().max(10).optional(),
  application: multi(applicationStatuses),
  support: multi(supportKinds),
  provider: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => [
      ...new Set((Array.isArray(v) ? v : v ? [v] : []).slice(0, 20).map((s) => s.slice(0, 100))),
    ]),
  /** Starts within this many months (continuous start counts as any time). */
  startWithin: lenientInt(1, 24, undefined),
  sort: z.enum(sortOrders).optional().catch(undefined),
  page: lenientInt(1, 10_000, 1),
  pageSize: lenientInt(1, 50, 20),
});
export type ProgrammeListQuery = z.output<typeof programmeListQuerySchema>;

const localTextSchema = z.object({
  fi: z.string().optional(),
  sv: z.string().optional(),
  en: z.string().optional(),
});

const periodSchema = z.object({
  method: z.enum(['continuous', 'joint', 'separate']),
  start: z.string(),
  end: z.string().nullable(),
});

export const programmeListItemSchema = z.object({
  id: z.string(),
  name: z.string(),
  summary: z.string(),
  provider: z.object({ slug: z.string(), name: z.string() }),
  type: z.enum(qualificationTypes),
  field: z.string().nullable(),
  municipalities: z.array(z.object({ code: z.string(), name: z.string() })),
  onlineOnly: z.boolean(),
  languages: z.array(z.string()),
  studyForms: z.array(z.string()),
  support: z.array(z.string()),
  start: z.object({ continuous: z.boolean(), dates: z.array(z.string()) }),
  application: z.object({
    continuous: z.boolean(),
    openNow: z.boolean(),
    opensSoon: z.boolean(),
    closesAt: z.string().nullable(),
    opensAt: z.string().nullable(),
    methods: z.array(z.string()),
    periods: z.array(periodSchema),
  }),
  durationMonths: z.number().nullable(),
  costEur: z.number().nullable(),
  url: z.string(),
});
export type ProgrammeListItem = z.infer<typeof programmeListItemSchema>;

const facetSchema = z.array(z.object({ value: z.string(), count: z.number(), selected: z.boolean() }));

export const programmeListResponseSchema = z.object({
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
  pages: z.number(),
  sort: z.enum(sortOrders),
  items: z.array(programmeListItemSchema),
  facets: z.object({
    field: facetSchema,
    type: facetSchema,
    municipality: facetSchema,
    studyForm: facetSchema,
    language: facetSchema,
    application: facetSchema,
    support: facetSchema,
    provider: facetSchema,
  }),
});
export type ProgrammeListResponse = z.infer<typeof programmeListResponseSchema>;

export const programmeDetailSchema = programmeListItemSchema.extend({
  description: z.string(),
  names: localTextSchema,
  qualificationCode: z.string().nullable(),
  teachingTimes: z.array(z.string()),
  applicationUrl: z.string().nullable(),
  infoUrl: z.string().nullable(),
  costNote: z.string(),
  provider: z.object({ slug: z.string(), name: z.string(), website: z.string().nullable() }),
  externalId: z.string(),
  source: z.enum(['opintopolku', 'csv']),
  updatedAt: z.string(),
  active: z.boolean(),
});
export type ProgrammeDetail = z.infer<typeof programmeDetailSchema>;

export const programmeIdsQuerySchema = z.object({
  lang: z.enum(catalogueLangs).catch('fi').default('fi'),
  ids: z
    .string()
    .max(2000)
    .default('')
    .transform((v) =>
      [
        ...new Set(
          v
            .split(',')
            .map((s) => s.trim())
            .filter(isProgrammeId),
        ),
      ].slice(0, 20),
    ),
});
