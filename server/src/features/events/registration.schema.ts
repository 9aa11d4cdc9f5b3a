import { z } from 'zod';
import { chatLanguages } from '../../conversations/vocabulary.js';
import { languageCodePattern } from '../../conversations/languages.js';
import { registrationStatuses } from './event-vocabulary.js';
import { publicEventViewSchema } from './event.schema.js';

/** A registration for a group session, as the public form sends it. */
export const registrationInputSchema = z.object({
  email: z.email('not an email address').max(200),
  /** The language of guidance asked for: one of the event's. */
  language: z.string().regex(languageCodePattern, 'a language code such as fi or sv'),
  /** The page's language: mail and links are in it. */
  lang: z.enum(chatLanguages).default('fi'),
  /** Refused with `registration.consent_required` unless true. */
  consent: z.boolean().optional(),
});
export type RegistrationInput = z.infer<typeof registrationInputSchema>;

export const registrationTokenParamsSchema = z.object({ token: z.string().min(1).max(200) });
export const registrationQuerySchema = z.object({ lang: z.enum(chatLanguages).default('fi') });

/** What a registrant sees of their own registration. */
export const registrationViewSchema = z.object({
  id: z.string(),
  status: z.enum(registrationStatuses),
  /** The place on the waiting list (1 = next); null with a place or cancelled. */
  position: z.number().int().nullable(),
  language: z.string(),
  createdAt: z.string(),
  cancelledAt: z.string().nullable(),
  /** How to join, for the holder of the own link with a place: the meeting room or the provider's link. */
  joinUrl: z.string().nullable(),
  event: publicEventViewSchema,
});
export type RegistrationView = z.infer<typeof registrationViewSchema>;

/** The answer to a registration: the same address again gets the first one. */
export const registeredSchema = registrationViewSchema.extend({ alreadyRegistered: z.boolean() });
export type Registered = z.infer<typeof registeredSchema>;

/** The staff's list of a session's registrations. */
export const staffRegistrationSchema = z.object({
  id: z.string(),
  email: z.string().nullable(),
  language: z.string(),
  lang: z.string(),
  status: z.enum(registrationStatuses),
  position: z.number().int().nullable(),
  attended: z.boolean().nullable(),
  createdAt: z.string(),
  cancelledAt: z.string().nullable(),
});
export type StaffRegistration = z.infer<typeof staffRegistrationSchema>;

export const staffRegistrationListSchema = z.object({
  event: z.object({
    id: z.string(),
    title: z.string(),
    startsAt: z.string(),
    endsAt: z.string(),
    capacity: z.number().int().nullable(),
    status: z.string(),
    format: z.string(),
  }),
  counts: z.object({
    registered: z.number().int(),
    waiting: z.number().int(),
    cancelled: z.number().int(),
    attended: z.number().int(),
  }),
  items: z.array(staffRegistrationSchema),
});
export type StaffRegistrationList = z.infer<typeof staffRegistrationListSchema>;

export const registrationParamsSchema = z.object({ id: z.uuid(), registrationId: z.uuid() });
export const attendanceInputSchema = z.object({ attended: z.boolean().nullable() });
