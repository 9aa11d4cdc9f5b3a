import { closeConversation } from '../../conversations/lifecycle.js';
import { openConversation } from '../../conversations/open-conversation.js';
import { z } from 'zod';
import type { Db } from '../../db/database-types.js';
import { AppError } from '../../errors.js';
import { recordAudit } from '../../access/audit.js';
import { authorize, can } from '../../access/policy.js';
import type { RequestContext } from '../../access/request-context.js';
import { catalogueLangs, localText } from './catalogue-vocabulary.js';
import { purgeExpiredConversations } from '../../conversations/retention.js';
import { toE164 } from '../../shared/phone.js';
import {
  selectContactRequest,
  selectContactRequests,
  selectProgrammesWithProviders,
} from './contact-request.repository.js';

/**
 * A contact request: the finder's answers and a shortlist handed to a counsellor, stored only
 * after explicit consent and only for RETENTION_DAYS. It is a conversation of the web_form
 * channel, so it appears with every other contact in the console.
 */
export const CONTACT_REQUEST_RETENTION_DAYS = 180;

const answerValue = z.union([z.string().max(100), z.array(z.string().max(100)).max(10)]);

export const contactRequestBodySchema = z
  .object({
    lang: z.enum(catalogueLangs).default('fi'),
    name: z.string().trim().max(100).optional().default(''),
    email: z
      .string()
      .trim()
      .max(200)
      .optional()
      .default('')
      .refine((v) => v === '' || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v), 'not an email address'),
    phone: z
      .string()
      .trim()
      .max(40)
      .optional()
      .default('')
      .refine((v) => v === '' || /^\+?[\d\s()-]{5,30}$/.test(v), 'not a phone number'),
    message: z.string().trim().max(2000).optional().default(''),
    programmeIds: z.array(z.string().uuid()).max(10).default([]),
    answers: z
      .record(z.string().max(40), answerValue)
      .default({})
      .refine((v) => Object.keys(v).length <= 20, 'too many answers'),
    source: z.enum(['finder', 'shortlist', 'programme']).default('shortlist'),
    consent: z.literal(true, { error: 'consent is required' }),
  })
  .refine((b) => b.email !== '' || b.phone !== '', {
    message: 'give an email address or a phone number',
    path: ['email'],
  });
export type ContactRequestBody = z.infer<typeof contactRequestBodySchema>;

export async function createContactRequest(
  db: Db,
  ctx: RequestContext,
  body: ContactRequestBody,
): Promise<{ id: string }> {
  const programmes =
    body.programmeIds.length === 0 ? [] : await selectProgrammesWithProviders(db, body.programmeIds);
  const providers = [...new Set(programmes.map((p) => p.organisation_id))];
  const normalised = toE164(body.phone);
  const now = new Date();
  const retainUntil = new Date(now.getTime() + CONTACT_REQUEST_RETENTION_DAYS * 86_400_000);
  return db.transaction().execute(async (trx) => {
    const subject = programmes.length
      ? programmes
          .map((p) => localText(p.name, 'fi'))
          .slice(0, 3)
          .join('; ')
          .slice(0, 300)
      : 'Koulutuksen valinta';
    const { conversation } = await openConversation(trx, {
      channel: 'web_form',
      status: 'queued',
      client: {
        firstName: body.name || null,
        email: body.email || null,
        // Stored as E.164 when it reads as a number, so the inbox finds it however it is typed.
        phone: body.phone ? (normalised.ok ? normalised.value : body.phone) : null,
        language: body.lang,
        consent: true,
      },
      // One provider's programmes go to that provider; a mix goes to the shared queue.
      organisationId: providers.length === 1 ? providers[0]! : null,
      topic: 'programme_choice',
      language: body.lang,
      subject,
      sourcePage: body.source,
      retainUntil,
      details: {
        answers: body.answers,
        programmes: body.programmeIds
          .map((id) => programmes.find((p) => p.id === id))
          .filter((p) => !!p)
          .map((p) => ({
            id: p.id,
            name: localText(p.name, 'fi'),
            provider: p.slug,
            providerName: p.name_fi,
          })),
      },
      first: { kind: 'message', authorType: 'client', body: body.message || '' },
    });
    await recordAudit(trx, ctx, {
      action: 'contact_request.create',
      targetType: 'conversation',
      targetId: conversation.id,
      organisationId: providers.length === 1 ? providers[0]! : null,
      details: { programmes: programmes.length, source: body.source },
    });
    return { id: conversation.id };
  });
}

export const contactRequestSchema = z.object({
  id: z.string(),
  status: z.string(),
  createdAt: z.string(),
  language: z.string().nullable(),
  subject: z.string().nullable(),
  source: z.string().nullable(),
  organisation: z.object({ id: z.string(), name: z.string() }).nullable(),
  client: z.object({
    name: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
  }),
  message: z.string(),
  /** web_form (finder, shortlist), or email / phone when left in the chat widget outside hours. */
  channel: z.string(),
  callback: z
    .object({
      phone: z.string().nullable(),
      window: z.object({ date: z.string(), from: z.string(), to: z.string() }),
      note: z.string(),
    })
    .nullable(),
  answers: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
  programmes: z.array(
    z.object({ id: z.string(), name: z.string(), provider: z.string(), providerName: z.string() }),
  ),
});
export type ContactRequest = z.infer<typeof contactRequestSchema>;

/**
 * Contact requests the staff member may see: admins all; counsellors and provider admins
 * their own provider's and the shared queue's. Reading them is audited (personal data).
 */
export async function listContactRequests(
  db: Db,
  ctx: RequestContext,
  status: 'open' | 'closed',
): Promise<ContactRequest[]> {
  const actor = authorize(ctx.actor, 'contact_request.read', {
    organisationId: ctx.actor.type === 'staff' ? ctx.actor.organisationId : null,
  });
  const rows = await selectContactRequests(
    db,
    status,
    actor.role === 'admin' ? { every: true } : { providerAndShared: actor.organisationId },
  );
  await recordAudit(db, ctx, { action: 'contact_request.list', details: { count: rows.length, status } });
  return rows.map((r) => {
    const details = r.details as {
      answers?: ContactRequest['answers'];
      programmes?: ContactRequest['programmes'];
      callback?: ContactRequest['callback'];
    };
    return {
      id: r.id,
      status: r.status,
      createdAt: r.created_at.toISOString(),
      language: r.language,
      subject: r.subject,
      source: r.source_page,
      organisation: r.organisation_id ? { id: r.organisation_id, name: r.organisation_name ?? '' } : null,
      client: { name: r.first_name ?? null, email: r.email ?? null, phone: r.phone ?? null },
      message: r.message ?? '',
      channel: r.channel,
      callback: details.callback ?? null,
      answers: details.answers ?? {},
      programmes: details.programmes ?? [],
    };
  });
}

export async function closeContactRequest(db: Db, ctx: RequestContext, id: string): Promise<void> {
  const row = await selectContactRequest(db, id);
  if (!row) throw new AppError('contact_request.not_found', 404, 'No such contact request');
  const actor = authorize(ctx.actor, 'contact_request.read', { organisationId: row.organisation_id });
  if (!can(actor, 'contact_request.read', { organisationId: row.organisation_id }))
    throw new AppError('auth.forbidden', 403);
  // Closing again changes nothing; whoever closes a request nobody had taken handled it.
  await closeConversation(db, id, { outcome: 'handled', handledBy: actor.staffId, event: null });
  await recordAudit(db, ctx, {
    action: 'contact_request.close',
    targetType: 'conversation',
    targetId: id,
    organisationId: row.organisation_id,
  });
}

/** Deletes contact requests past their retention date (run by the hourly maintenance job). */
export async function purgeExpiredContactRequests(db: Db, now = new Date()): Promise<number> {
  return purgeExpiredConversations(db, now, 'web_form');
}
