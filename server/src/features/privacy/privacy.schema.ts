import { z } from 'zod';
import { identifierKinds } from './person-lookup.js';

export const identifierSchema = z.object({
  kind: z.enum(identifierKinds),
  value: z.string().trim().min(1).max(500),
});

/** Why the request is handled (e.g. "tietopyyntö 6.12.2026, sähköpostitse"): kept in the audit log. */
const reasonSchema = z.string().trim().min(3).max(300);

/** What the person gave: one or more identifiers, each of a different kind. */
export const personRequestSchema = z.object({
  identifiers: z
    .array(identifierSchema)
    .min(1)
    .max(identifierKinds.length)
    .refine((list) => new Set(list.map((i) => i.kind)).size === list.length, 'one identifier of each kind'),
  reason: reasonSchema,
});
export type PersonRequest = z.infer<typeof personRequestSchema>;

export const exportRequestSchema = personRequestSchema.extend({
  format: z.enum(['json', 'html']).default('json'),
  /** The document's language; the person's own when left out. */
  lang: z.enum(['fi', 'sv', 'en']).optional(),
});

export const eraseRequestSchema = personRequestSchema.extend({
  /** The console's "I have checked the list" tick: an erasure is never a default. */
  confirm: z.literal(true),
});

export const legalHoldSchema = z.object({ reason: reasonSchema });
export const releaseHoldSchema = z.object({ reason: reasonSchema });

const legalHoldView = z.object({ reason: z.string(), at: z.iso.datetime(), by: z.string().nullable() });

export const personSummarySchema = z.object({
  clients: z.array(
    z.object({
      id: z.uuid(),
      firstName: z.string().nullable(),
      email: z.string().nullable(),
      phone: z.string().nullable(),
      preferredLanguage: z.string().nullable(),
      consentAt: z.iso.datetime().nullable(),
      browserRemembered: z.boolean(),
      createdAt: z.iso.datetime(),
      lastSeenAt: z.iso.datetime(),
    }),
  ),
  conversations: z.array(
    z.object({
      id: z.uuid(),
      channel: z.string(),
      status: z.string(),
      provider: z.string().nullable(),
      topic: z.string().nullable(),
      subject: z.string().nullable(),
      createdAt: z.iso.datetime(),
      closedAt: z.iso.datetime().nullable(),
      retainUntil: z.iso.datetime().nullable(),
      erasedAt: z.iso.datetime().nullable(),
      legalHold: legalHoldView.nullable(),
      messages: z.number().int(),
      notes: z.number().int(),
      bookings: z.number().int(),
      feedback: z.boolean(),
      openedByStaff: z.number().int(),
    }),
  ),
  /** Registrations for group sessions under the person's address. */
  registrations: z.number().int(),
  mails: z.number().int(),
});
export type PersonSummary = z.infer<typeof personSummarySchema>;

export const erasureResultSchema = z.object({
  conversations: z.number().int(),
  closed: z.number().int(),
  messages: z.number().int(),
  clients: z.number().int(),
  mails: z.number().int(),
  attachments: z.number().int(),
  registrations: z.number().int(),
});

export const legalHoldResultSchema = z.object({ id: z.uuid(), legalHold: legalHoldView.nullable() });

export const grantsSchema = z.object({ grants: z.array(z.enum(['privacy'])).max(5) });
