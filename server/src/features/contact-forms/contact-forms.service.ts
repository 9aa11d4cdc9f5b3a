import { phoneOrFail } from '../../shared/phone.js';
import type { ContactDeps } from '../../conversations/channel-deps.js';
import { helsinkiInstant, SERVICE_TIME_ZONE, helsinkiClock } from '../../shared/helsinki-time.js';
import { openConversation } from '../../conversations/open-conversation.js';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import { callbackConfirmation, contactConfirmation } from './contact-forms.mail.js';
import { queueMail } from '../../conversations/mail-outbox.js';
import { cleanSourcePage, findProvider } from '../../conversations/providers.js';
import { MESSAGE_MAX_LENGTH, chatLanguages, chatTopics } from '../../conversations/vocabulary.js';

/** Where a message or call-back request was left. */
export type ContactOrigin = 'contact_form' | 'callback_form' | 'chat_offline';

const emailSchema = z.email('not an email address').max(200);
const nameSchema = z.string().trim().max(50).optional().default('');
const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time such as 09:00');
/** How far ahead a call-back can be asked for. */
export const CALLBACK_HORIZON_DAYS = 60;

export const callbackWindowSchema = z
  .object({ date: z.iso.date(), from: timeOfDay, to: timeOfDay })
  .refine((w) => w.to > w.from, { message: 'the end of the window must be after its start', path: ['to'] });

export const contactMessageSchema = z.object({
  lang: z.enum(chatLanguages).default('fi'),
  name: nameSchema,
  email: emailSchema,
  topic: z.enum(chatTopics).default('other'),
  provider: z.string().max(100).optional(),
  message: z
    .string()
    .trim()
    .min(1, 'write a message')
    .max(MESSAGE_MAX_LENGTH, `a message is at most ${MESSAGE_MAX_LENGTH} characters`),
  consent: z.literal(true, { error: 'consent is required' }),
  sourcePage: z.string().max(2000).optional(),
});
export type ContactMessageInput = z.infer<typeof contactMessageSchema>;

export const callbackRequestSchema = z.object({
  lang: z.enum(chatLanguages).default('fi'),
  name: nameSchema,
  phone: z.string().max(40),
  email: z
    .union([z.literal(''), emailSchema])
    .optional()
    .default(''),
  topic: z.enum(chatTopics).default('other'),
  provider: z.string().max(100).optional(),
  window: callbackWindowSchema,
  note: z.string().trim().max(1000).optional().default(''),
  consent: z.literal(true, { error: 'consent is required' }),
  sourcePage: z.string().max(2000).optional(),
});
export type CallbackRequestInput = z.infer<typeof callbackRequestSchema>;

function checkWindowDate(window: { date: string }) {
  const today = helsinkiClock(new Date()).day;
  const latest = helsinkiClock(new Date(Date.now() + CALLBACK_HORIZON_DAYS * 86_400_000)).day;
  if (window.date < today || window.date > latest) {
    throw new AppError(
      'request.invalid',
      400,
      `window.date: choose a day within the next ${CALLBACK_HORIZON_DAYS} days`,
      { fields: [{ field: 'window.date', message: 'callback.date_out_of_range' }] },
    );
  }
}

/**
 * A message from the web form or the chat widget: an email conversation in the queue, and a
 * confirmation to the client whose replies thread into it.
 */
export async function createEmailContact(
  deps: ContactDeps,
  input: ContactMessageInput,
  meta: { origin: ContactOrigin; sourceSite: string | null },
): Promise<{ conversationId: string }> {
  const { db } = deps;
  const provider = await findProvider(db, input.provider);
  const result = await db.transaction().execute(async (trx) => {
    const { conversation } = await openConversation(trx, {
      channel: 'email',
      status: 'queued',
      client: { firstName: input.name || null, email: input.email, language: input.lang, consent: true },
      organisationId: provider?.id ?? null,
      topic: input.topic,
      language: input.lang,
      subject: input.message.replace(/\s+/g, ' ').slice(0, 80),
      sourceSite: meta.sourceSite,
      sourcePage: cleanSourcePage(input.sourcePage),
      details: {
        origin: meta.origin,
        firstName: input.name || null,
        sourceOrganisationId: provider?.id ?? null,
      },
      first: { kind: 'message', authorType: 'client', body: input.message },
    });
    const mail = await queueMail(trx, deps.settings, {
      conversationId: conversation.id,
      kind: 'contact_confirmation',
      to: input.email,
      mail: contactConfirmation(input.lang, {
        firstName: input.name || null,
        message: input.message,
        subject: null,
      }),
      automatic: true,
    });
    return { conversationId: conversation.id, mailId: mail?.id };
  });
  if (result.mailId) deps.sender.kick(result.mailId);
  deps.notifier.queueChanged('email');
  return { conversationId: result.conversationId };
}

/**
 * A call-back request from the public form or the chat widget: a phone conversation due at the
 * start of the preferred window; a confirmation goes out when the client gave an email address.
 */
export async function createCallbackRequest(
  deps: ContactDeps,
  input: CallbackRequestInput,
  meta: { origin: ContactOrigin; sourceSite: string | null },
): Promise<{ conversationId: string }> {
  const { db } = deps;
  const phone = phoneOrFail(input.phone);
  checkWindowDate(input.window);
  const provider = await findProvider(db, input.provider);
  const dueAt = helsinkiInstant(input.window.date, input.window.from);
  const result = await db.transaction().execute(async (trx) => {
    const { conversation } = await openConversation(trx, {
      channel: 'phone',
      status: 'queued',
      client: {
        firstName: input.name || null,
        email: input.email || null,
        phone,
        language: input.lang,
        consent: true,
      },
      organisationId: provider?.id ?? null,
      topic: input.topic,
      language: input.lang,
      subject: input.note ? input.note.replace(/\s+/g, ' ').slice(0, 80) : null,
      sourceSite: meta.sourceSite,
      sourcePage: cleanSourcePage(input.sourcePage),
      dueAt,
      details: {
        origin: meta.origin,
        firstName: input.name || null,
        sourceOrganisationId: provider?.id ?? null,
        callback: { phone, window: input.window, note: input.note, timeZone: SERVICE_TIME_ZONE },
      },
      first: { kind: 'message', authorType: 'client', body: input.note },
    });
    const mail = input.email
      ? await queueMail(trx, deps.settings, {
          conversationId: conversation.id,
          kind: 'callback_confirmation',
          to: input.email,
          mail: callbackConfirmation(input.lang, {
            firstName: input.name || null,
            phone,
            window: input.window,
          }),
          automatic: true,
        })
      : undefined;
    return { conversationId: conversation.id, mailId: mail?.id };
  });
  if (result.mailId) deps.sender.kick(result.mailId);
  deps.notifier.queueChanged('callback');
  return { conversationId: result.conversationId };
}

/** The chat widget's offline path: "leave a message" and "call me back". */
export const offlineSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('message'),
    provider: z.string().max(100).optional(),
    topic: z.enum(chatTopics),
    language: z.enum(chatLanguages),
    firstName: nameSchema,
    email: emailSchema,
    message: contactMessageSchema.shape.message,
    consent: z.literal(true, { error: 'consent is required' }),
    sourcePage: z.string().max(2000).optional(),
  }),
  z.object({
    kind: z.literal('callback'),
    provider: z.string().max(100).optional(),
    topic: z.enum(chatTopics),
    language: z.enum(chatLanguages),
    firstName: nameSchema,
    phone: z.string().max(40),
    email: z
      .union([z.literal(''), emailSchema])
      .optional()
      .default(''),
    window: callbackWindowSchema,
    note: z.string().trim().max(1000).optional().default(''),
    consent: z.literal(true, { error: 'consent is required' }),
    sourcePage: z.string().max(2000).optional(),
  }),
]);
export type OfflineInput = z.infer<typeof offlineSchema>;

/** "Leave a message" and "call me back" from the widget go through the same pipelines as the forms. */
export async function leaveOfflineRequest(
  deps: ContactDeps,
  input: OfflineInput,
  origin: string | null,
): Promise<{ conversationId: string }> {
  const meta = { origin: 'chat_offline' as const, sourceSite: origin };
  const common = {
    lang: input.language,
    name: input.firstName,
    topic: input.topic,
    provider: input.provider,
    consent: true as const,
    sourcePage: input.sourcePage,
  };
  return input.kind === 'message'
    ? createEmailContact(deps, { ...common, email: input.email, message: input.message }, meta)
    : createCallbackRequest(
        deps,
        { ...common, phone: input.phone, email: input.email, window: input.window, note: input.note },
        meta,
      );
}
