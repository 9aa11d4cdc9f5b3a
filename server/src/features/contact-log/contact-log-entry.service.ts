/** Logging a face-to-face contact: a closed in-person conversation, or one waiting for a follow-up. */
import { readAboutYou, type InputWarning } from '../../conversations/about-you.js';
import type { Db } from '../../db/database-types.js';
import { AppError } from '../../errors.js';
import { recordAudit } from '../../access/audit.js';
import type { RequestContext } from '../../access/request-context.js';
import type { ChatNotifier } from '../../conversations/notifier.js';
import { openConversation } from '../../conversations/open-conversation.js';
import { chatLanguages } from '../../conversations/vocabulary.js';
import type { StaffProfile } from '../../conversations/access.js';
import { toE164 } from '../../shared/phone.js';
import {
  entriesToday,
  eventScope,
  loggingStaff,
  OCCURRED_MAX_AGE_MS,
  OCCURRED_MAX_SKEW_MS,
  type ContactLogInput,
} from './contact-log.service.js';
import { selectConversationByClientRef, selectScopedEvent } from './contact-log.repository.js';
import { findEvent } from '../events/event.repository.js';

function invalid(field: string, code: string, message: string): AppError {
  return new AppError('request.invalid', 400, `${field}: ${message}`, { fields: [{ field, message: code }] });
}

/** The entry a client_ref already names, when it is this staff member's logged contact. */
async function existingEntry(db: Db, staff: StaffProfile, clientRef: string) {
  const row = await selectConversationByClientRef(db, clientRef);
  if (!row) return undefined;
  if (!['in_person', 'phone'].includes(row.channel) || row.assigned_staff_id !== staff.id) {
    throw new AppError('contact_log.ref_taken', 409, 'This entry id belongs to another entry');
  }
  return row;
}

/**
 * Logs a face-to-face contact or an incoming phone call: a closed in_person (or phone)
 * conversation answered on the spot, or, when the client wants to be contacted later and agreed
 * to it, one waiting in the counsellor's inbox with only that contact detail. The same clientRef
 * sent again is the same entry. A call counts as a phone conversation in every statistic.
 */
export async function logContact(
  db: Db,
  notifier: ChatNotifier,
  ctx: RequestContext,
  input: ContactLogInput,
  now = new Date(),
): Promise<{ created: boolean; id: string; status: string; today: number; warnings?: InputWarning[] }> {
  const staff = await loggingStaff(db, ctx);

  const earlier = await existingEntry(db, staff, input.clientRef);
  if (earlier) {
    const today = await entriesToday(db, staff, now);
    return { created: false, id: earlier.id, status: earlier.status, today: today.count };
  }

  const { about, warnings } = readAboutYou({ municipality: input.municipality }, '');
  const occurredAt = input.occurredAt ? new Date(input.occurredAt) : now;
  if (occurredAt.getTime() > now.getTime() + OCCURRED_MAX_SKEW_MS) {
    throw invalid('occurredAt', 'contact_log.occurred_in_future', 'the contact cannot be in the future');
  }
  if (occurredAt.getTime() < now.getTime() - OCCURRED_MAX_AGE_MS) {
    throw invalid('occurredAt', 'contact_log.occurred_too_old', 'log a contact within 7 days');
  }

  const allowedLanguages = new Set<string>([...chatLanguages, ...staff.languages]);
  if (!allowedLanguages.has(input.language)) {
    throw invalid('language', 'contact_log.language_unknown', 'a language you guide in');
  }

  let organisationId = staff.organisation_id;
  const eventId = input.eventId ?? null;
  if (input.channel === 'phone' && eventId) {
    throw invalid('eventId', 'contact_log.call_with_event', 'a phone call is not at an event');
  }
  if (eventId) {
    const event = await findEvent(db, eventId);
    if (!event) throw new AppError('contact_log.event_not_found', 400, 'No such event');
    const allowed = await selectScopedEvent(db, eventScope(staff), eventId);
    if (!allowed) {
      throw new AppError(
        event.status === 'cancelled' ? 'contact_log.event_cancelled' : 'contact_log.event_forbidden',
        event.status === 'cancelled' ? 400 : 403,
        event.status === 'cancelled'
          ? 'The event was cancelled'
          : "Log contacts at your own provider's events or where you are listed",
      );
    }
    organisationId ??= event.organisation_id;
  }

  let contact: { email: string | null; phone: string | null } | null = null;
  if (input.followUp) {
    const email = input.followUp.email || null;
    let phone: string | null = null;
    if (input.followUp.phone.trim()) {
      const parsed = toE164(input.followUp.phone);
      if (!parsed.ok) throw invalid('followUp.phone', parsed.code, parsed.code);
      phone = parsed.value;
    }
    if (!email && !phone) {
      throw invalid('followUp', 'contact_log.follow_up_contact_missing', 'give an email address or a phone');
    }
    contact = { email, phone };
  }

  const topic = input.topics[0]!;
  const details = {
    origin: 'contact_log',
    topics: input.topics,
    outcome: input.outcome,
    followUp: contact !== null,
  };

  const opened = await openConversation(db, {
    channel: input.channel,
    status: contact ? 'waiting' : 'closed',
    outcome: input.outcome,
    // The device's id of the entry: an entry sent again (a retry after a lost answer) is one.
    requestKey: input.clientRef,
    client: contact
      ? {
          email: contact.email,
          phone: contact.phone,
          language: (chatLanguages as readonly string[]).includes(input.language) ? input.language : null,
          consent: true,
        }
      : null,
    organisationId,
    assignedStaffId: staff.id,
    topic,
    language: input.language,
    eventId,
    clientAgeBand: input.ageBand ?? null,
    clientSituation: input.situation ?? null,
    clientMunicipality: about.clientMunicipality,
    details,
    // A talk logged afterwards (offline, later in the day) happened when it happened.
    times: { createdAt: occurredAt, firstResponseAt: occurredAt, lastMessageAt: occurredAt },
  });
  const inserted = opened.created ? opened.conversation.id : undefined;

  if (!inserted) {
    // Sent twice at once: the other request stored it first.
    const winner = await existingEntry(db, staff, input.clientRef);
    if (!winner) throw new AppError('contact_log.conflict', 409, 'Send the entry again');
    const today = await entriesToday(db, staff, now);
    return { created: false, id: winner.id, status: winner.status, today: today.count };
  }

  if (contact) {
    notifier.conversationChanged(inserted);
    await recordAudit(db, ctx, {
      action: 'contact_log.follow_up',
      targetType: 'conversation',
      targetId: inserted,
      organisationId,
      details: { email: contact.email !== null, phone: contact.phone !== null },
    });
  }
  const today = await entriesToday(db, staff, now);
  return {
    created: true,
    id: inserted,
    status: contact ? 'waiting' : 'closed',
    today: today.count,
    ...(warnings.length ? { warnings } : {}),
  };
}
