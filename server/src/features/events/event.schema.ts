import { z } from 'zod';
import { multiLineText, singleLineText } from '../../shared/text.js';
import type { EventStatus } from '../outreach/outreach.table.js';
import { eventFormats } from './event-vocabulary.js';

export const eventLanguages = ['fi', 'sv', 'en'] as const;
export type EventLanguage = (typeof eventLanguages)[number];

/** `2026-12-03T10:00` is Helsinki wall-clock time; with `Z` or an offset it is an instant. */
const timeSchema = z.iso.datetime({ offset: true, local: true });
const municipalityCode = z
  .string()
  .trim()
  .regex(/^\d{3}$/);

/** A pop-up event as staff create or replace it. */
export const eventInputSchema = z.object({
  /** The provider whose event it is: an admin's choice; everyone else's is their own. */
  organisationId: z.uuid().optional(),
  title: singleLineText(200, { min: 1 }),
  /** Face to face (default), online (no place needed) or hybrid. */
  format: z.enum(eventFormats).default('in_person'),
  /** Required unless the session is online. */
  place: singleLineText(200).default(''),
  address: singleLineText(300).default(''),
  /** Required unless the session is online; empty means none. */
  municipality: z
    .union([municipalityCode, z.literal('')])
    .nullish()
    .transform((code) => code || null),
  /** Places for registrations; null (default) when people simply come. */
  capacity: z
    .number()
    .int()
    .min(1)
    .max(500)
    .nullish()
    .transform((n) => n ?? null),
  /** The service's own meeting room (online or hybrid; at most 7 places; no join link then). */
  meetingRoom: z.boolean().default(false),
  /** An online or hybrid session's external join link. */
  joinUrl: z
    .union([z.url({ protocol: /^https$/ }).max(1000), z.literal('')])
    .nullish()
    .transform((url) => url || null),
  startsAt: timeSchema,
  endsAt: timeSchema,
  languages: z
    .array(z.enum(eventLanguages))
    .min(1)
    .max(3)
    .transform((list) => [...new Set(list)]),
  description: multiLineText(4000).default(''),
  /** The counsellors present: active staff of the event's provider. */
  staffIds: z
    .array(z.uuid())
    .max(20)
    .default([])
    .transform((list) => [...new Set(list)]),
  status: z.enum(['draft', 'published']).default('published'),
});
export type EventInput = z.infer<typeof eventInputSchema>;

const langSchema = z.enum(['fi', 'sv', 'en']).default('fi');

/** The public calendar: Helsinki days `from`–`to` (inclusive), optionally one municipality. */
export const publicEventQuerySchema = z.object({
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  municipality: z.string().trim().max(10).optional(),
  lang: langSchema,
});
export type PublicEventQuery = z.infer<typeof publicEventQuerySchema>;

export const eventLangQuerySchema = z.object({ lang: langSchema });
export const feedQuerySchema = z.object({
  municipality: z.string().trim().max(10).optional(),
  lang: langSchema,
});

export const staffEventQuerySchema = z.object({
  organisationId: z.uuid().optional(),
  /** Past events too (the last year's). */
  includePast: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true'),
});
export const eventStaffQuerySchema = z.object({ organisationId: z.uuid().optional() });

const municipalitySchema = z.object({ code: z.string(), name: z.string() });

/** The places of a session that takes registrations. */
export const registrationSummarySchema = z.object({
  capacity: z.number().int(),
  registered: z.number().int(),
  waiting: z.number().int(),
  placesLeft: z.number().int(),
});
export type RegistrationSummary = z.infer<typeof registrationSummarySchema>;
const counsellorSchema = z.object({ id: z.string(), name: z.string() });

/** What everyone sees of an event: counsellors by first name only. */
export const publicEventViewSchema = z.object({
  id: z.string(),
  title: z.string(),
  place: z.string(),
  address: z.string(),
  /** None for an online session. */
  municipality: municipalitySchema.nullable(),
  format: z.enum(eventFormats),
  /** The join link; null on the public view of a session that takes registrations. */
  joinUrl: z.string().nullable(),
  /** Held in the service's own meeting room; registrants join from their own link. */
  meetingRoom: z.boolean(),
  registration: registrationSummarySchema.nullable(),
  startsAt: z.string(),
  endsAt: z.string(),
  languages: z.array(z.string()),
  description: z.string(),
  status: z.enum(['published', 'cancelled']),
  counsellors: z.array(z.string()),
  organisation: z.object({ slug: z.string(), name: z.string() }),
  calendarUrl: z.string(),
});
export type PublicEventView = z.infer<typeof publicEventViewSchema>;

/** What the provider's staff see and edit. */
export const staffEventViewSchema = publicEventViewSchema.extend({
  // Spelled out rather than imported: the table belongs to another feature folder.
  status: z.enum(['draft', 'published', 'cancelled']) satisfies z.ZodType<EventStatus>,
  organisationId: z.string(),
  staff: z.array(counsellorSchema),
  updatedAt: z.string(),
});
export type StaffEventView = z.infer<typeof staffEventViewSchema>;

export const publicEventListSchema = z.object({
  from: z.string(),
  to: z.string(),
  items: z.array(publicEventViewSchema),
  /** Municipalities with upcoming events, for the filter. */
  municipalities: z.array(municipalitySchema),
});
export type PublicEventList = z.infer<typeof publicEventListSchema>;

export const staffEventListSchema = z.object({ items: z.array(staffEventViewSchema) });

/** The active counsellors of a provider, who may be marked present at its events. */
export const eventCounsellorListSchema = z.object({
  organisationId: z.string(),
  items: z.array(counsellorSchema),
});
