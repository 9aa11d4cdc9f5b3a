import { phoneOrFail } from '../../shared/phone.js';
import type { ContactDeps } from '../../conversations/channel-deps.js';
import { helsinkiInstant, SERVICE_TIME_ZONE, helsinkiClock } from '../../shared/helsinki-time.js';
import { openConversation } from '../../conversations/open-conversation.js';
import { z } from 'zod';
import { checkOfferedLanguage, languageCodePattern, uiLanguageOf } from '../../conversations/languages.js';
import {
  aboutYouSchema,
  readAboutYou,
  type AboutYouInput,
  type InputWarning,
} from '../../conversations/about-you.js';
import { AppError } from '../../errors.js';
import { callbackConfirmation, contactConfirmation } from './contact-forms.mail.js';
import { queueMail, type QueueMailInput } from '../../conversations/mail-outbox.js';
import { cleanSourcePage, findProvider } from '../../conversations/providers.js';
import {
  MESSAGE_MAX_LENGTH,
  chatLanguages,
  chatTopics,
  type ChatLanguage,
  type CloseTopic,
} from '../../conversations/vocabulary.js';

/** Where a message, call-back request or feedback was left. */
export type ContactOrigin = 'contact_form' | 'callback_form' | 'chat_offline' | 'accessibility_form';

export const emailSchema = z.email('not an email address').max(200);
const nameSchema = z.string().trim().max(50).optional().default('');
const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time such as 09:00');
/** How far ahead a call-back can be asked for. */
export const CALLBACK_HORIZON_DAYS = 60;

export const callbackWindowSchema = z
  .object({ date: z.iso.date(), from: timeOfDay, to: timeOfDay })
  .refine((w) => w.to > w.from, { message: 'the end of the window must be after its start', path: ['to'] });

/** Fields every contact form and the widget's offline path share. */
const formFields = {
  provider: z.string().max(100).optional(),
  consent: z.literal(true, { error: 'consent is required' }),
  sourcePage: z.string().max(2000).optional(),
  about: aboutYouSchema.optional(),
};

/** The language to be answered in, when not the form's own (`lang`): any a counsellor guides in. */
const guidanceLanguage = z.string().regex(languageCodePattern, 'a language code such as fi or ar').optional();

/** What a call-back request asks for, from the form or from the widget. */
const callbackFields = {
  phone: z.string().max(40),
  email: z
    .union([z.literal(''), emailSchema])
    .optional()
    .default(''),
  window: callbackWindowSchema,
  note: z.string().trim().max(1000).optional().default(''),
};

const messageField = z
  .string()
  .trim()
  .min(1, 'write a message')
  .max(MESSAGE_MAX_LENGTH, `a message is at most ${MESSAGE_MAX_LENGTH} characters`);

export const contactMessageSchema = z.object({
  lang: z.enum(chatLanguages).default('fi'),
  name: nameSchema,
  email: emailSchema,
  topic: z.enum(chatTopics).default('other'),
  message: messageField,
  language: guidanceLanguage,
  ...formFields,
});
export type ContactMessageInput = z.infer<typeof contactMessageSchema>;

export const callbackRequestSchema = z.object({
  lang: z.enum(chatLanguages).default('fi'),
  name: nameSchema,
  ...callbackFields,
  topic: z.enum(chatTopics).default('other'),
  language: guidanceLanguage,
  ...formFields,
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

export type ContactMeta = { origin: ContactOrigin; sourceSite: string | null };

/** The new contact, and the "about you" values left out (never a reason to refuse it). */
export interface FormContactResult {
  conversationId: string;
  warnings?: InputWarning[];
}

/** What a form contact adds to what every form contact is opened with. */
export interface FormContact {
  channel: 'email' | 'phone';
  /** Null: the person left no way to reach them, so nothing about them is stored. */
  client: { email: string | null; phone?: string } | null;
  subject: string | null;
  body: string;
  dueAt?: Date;
  details?: Record<string, unknown>;
  /** The confirmation to the client, when they gave an address. */
  confirmation?: Pick<QueueMailInput, 'kind' | 'to' | 'mail'>;
}

/**
 * Opens a form contact: a queued conversation of the client's provider with their first
 * message, and their confirmation queued in the same transaction; then sends the confirmation
 * and tells the consoles the queue changed.
 */
export async function openFormContact(
  deps: ContactDeps,
  input: {
    name: string;
    lang: ChatLanguage;
    topic: CloseTopic;
    provider?: string | undefined;
    sourcePage?: string | undefined;
    about?: AboutYouInput | undefined;
    language?: string | undefined;
  },
  meta: ContactMeta,
  contact: FormContact,
): Promise<FormContactResult> {
  const { db } = deps;
  const provider = await findProvider(db, input.provider);
  const { about, warnings } = readAboutYou(input.about);
  if (input.language) await checkOfferedLanguage(db, input.language);
  const result = await db.transaction().execute(async (trx) => {
    const { conversation } = await openConversation(trx, {
      channel: contact.channel,
      status: 'queued',
      client: contact.client
        ? { firstName: input.name || null, ...contact.client, language: input.lang, consent: true }
        : null,
      organisationId: provider?.id ?? null,
      topic: input.topic,
      language: input.language ?? input.lang,
      subject: contact.subject,
      sourceSite: meta.sourceSite,
      sourcePage: cleanSourcePage(input.sourcePage),
      dueAt: contact.dueAt,
      ...about,
      details: {
        origin: meta.origin,
        firstName: input.name || null,
        sourceOrganisationId: provider?.id ?? null,
        ...contact.details,
      },
      first: { kind: 'message', authorType: 'client', body: contact.body },
    });
    const mail = contact.confirmation
      ? await queueMail(trx, deps.settings, {
          conversationId: conversation.id,
          ...contact.confirmation,
          automatic: true,
        })
      : undefined;
    return { conversationId: conversation.id, mailId: mail?.id };
  });
  if (result.mailId) deps.sender.kick(result.mailId);
  deps.notifier.queueChanged(contact.channel === 'email' ? 'email' : 'callback');
  return { conversationId: result.conversationId, ...(warnings.length ? { warnings } : {}) };
}

/**
 * A message from the web form or the chat widget: an email conversation in the queue, and a
 * confirmation to the client whose replies thread into it.
 */
export async function createEmailContact(
  deps: ContactDeps,
  input: ContactMessageInput,
  meta: ContactMeta,
): Promise<FormContactResult> {
  return openFormContact(deps, input, meta, {
    channel: 'email',
    client: { email: input.email },
    subject: input.message.replace(/\s+/g, ' ').slice(0, 80),
    body: input.message,
    confirmation: {
      kind: 'contact_confirmation',
      to: input.email,
      mail: contactConfirmation(input.lang, {
        firstName: input.name || null,
        message: input.message,
        subject: null,
      }),
    },
  });
}

/**
 * A call-back request from the public form or the chat widget: a phone conversation due at the
 * start of the preferred window; a confirmation goes out when the client gave an email address.
 */
export async function createCallbackRequest(
  deps: ContactDeps,
  input: CallbackRequestInput,
  meta: ContactMeta,
): Promise<FormContactResult> {
  const phone = phoneOrFail(input.phone);
  checkWindowDate(input.window);
  return openFormContact(deps, input, meta, {
    channel: 'phone',
    client: { email: input.email || null, phone },
    subject: input.note ? input.note.replace(/\s+/g, ' ').slice(0, 80) : null,
    body: input.note,
    dueAt: helsinkiInstant(input.window.date, input.window.from),
    details: { callback: { phone, window: input.window, note: input.note, timeZone: SERVICE_TIME_ZONE } },
    confirmation: input.email
      ? {
          kind: 'callback_confirmation',
          to: input.email,
          mail: callbackConfirmation(input.lang, {
            firstName: input.name || null,
            phone,
            window: input.window,
          }),
        }
      : undefined,
  });
}

/** The language to be answered in (any of guidance); `lang`, the widget's own, decides the mail. */
const offlineLanguage = z.string().regex(languageCodePattern, 'a language code such as fi or ar');

/** The chat widget's offline path: "leave a message" and "call me back". */
export const offlineSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('message'),
    topic: z.enum(chatTopics),
    language: offlineLanguage,
    lang: z.enum(chatLanguages).optional(),
    firstName: nameSchema,
    email: emailSchema,
    message: messageField,
    ...formFields,
  }),
  z.object({
    kind: z.literal('callback'),
    topic: z.enum(chatTopics),
    language: offlineLanguage,
    lang: z.enum(chatLanguages).optional(),
    firstName: nameSchema,
    ...callbackFields,
    ...formFields,
  }),
]);
export type OfflineInput = z.infer<typeof offlineSchema>;

/** "Leave a message" and "call me back" from the widget go through the same pipelines as the forms. */
export async function leaveOfflineRequest(
  deps: ContactDeps,
  input: OfflineInput,
  origin: string | null,
): Promise<FormContactResult> {
  const meta = { origin: 'chat_offline' as const, sourceSite: origin };
  // The mail in the widget's language (or the chosen one's, if fi/sv/en); the answer in the chosen one.
  const lang = input.lang ?? uiLanguageOf(input.language);
  const common = {
    lang,
    ...(input.language !== lang ? { language: input.language } : {}),
    name: input.firstName,
    topic: input.topic,
    provider: input.provider,
    consent: true as const,
    sourcePage: input.sourcePage,
    about: input.about,
  };
  return input.kind === 'message'
    ? createEmailContact(deps, { ...common, email: input.email, message: input.message }, meta)
    : createCallbackRequest(
        deps,
        { ...common, phone: input.phone, email: input.email, window: input.window, note: input.note },
        meta,
      );
}
