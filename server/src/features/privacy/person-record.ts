import { sql } from 'kysely';
import type { Db } from '../../db/database-types.js';
import type { FoundPerson } from './person-lookup.js';

/*
 * Everything the service holds about one person, as one record: their client details, every
 * conversation in every channel with its messages and notes, bookings, feedback, the mail sent
 * to them and who of the staff opened their conversations. The search shows it in the console;
 * the export writes it out as JSON and as a readable document.
 */

export interface RecordClient {
  id: string;
  firstName: string | null;
  email: string | null;
  phone: string | null;
  preferredLanguage: string | null;
  consentAt: string | null;
  /** The widget remembered this browser (with consent): its key's hash links the chats. */
  browserRemembered: boolean;
  createdAt: string;
  lastSeenAt: string;
}

export interface RecordMessage {
  seq: number;
  kind: 'message' | 'note' | 'event';
  author: 'client' | 'staff' | 'system';
  staffName: string | null;
  body: string;
  eventType: string | null;
  createdAt: string;
  attachments: { filename: string; contentType: string; sizeBytes: number }[];
}

export interface RecordConversation {
  id: string;
  channel: string;
  status: string;
  provider: string | null;
  topic: string | null;
  language: string | null;
  subject: string | null;
  outcome: string | null;
  clientAgeBand: string | null;
  /** Statistics Finland's code of the home municipality given or noted. */
  clientMunicipality: string | null;
  clientSituation: string | null;
  /** What the form or the call-back request recorded (a number, a time window, a programme). */
  details: Record<string, unknown>;
  createdAt: string;
  closedAt: string | null;
  retainUntil: string | null;
  erasedAt: string | null;
  legalHold: { reason: string; at: string; by: string | null } | null;
  messages: RecordMessage[];
  feedback: { score: number; comment: string; createdAt: string } | null;
  bookings: {
    channel: string;
    startsAt: string;
    endsAt: string;
    status: string;
    counsellor: string | null;
    location: string | null;
  }[];
  /** Who of the staff opened the messages, and when (the access log). */
  accessLog: { staffName: string | null; at: string; via: string }[];
}

export interface RecordMail {
  to: string;
  subject: string;
  status: string;
  createdAt: string;
  sentAt: string | null;
  text: string;
}

/** A registration for a group session, under the person's address. */
export interface RecordRegistration {
  event: string;
  format: string;
  startsAt: string;
  status: string;
  /** The language of guidance asked for. */
  language: string;
  consentAt: string;
  createdAt: string;
  cancelledAt: string | null;
  attended: boolean | null;
}

export interface PersonRecord {
  clients: RecordClient[];
  conversations: RecordConversation[];
  registrations: RecordRegistration[];
  mails: RecordMail[];
}

/** The person's registrations for group sessions, by their addresses. */
async function loadRegistrations(db: Db, emails: string[]): Promise<RecordRegistration[]> {
  if (emails.length === 0) return [];
  const rows = await db
    .selectFrom('event_registrations as r')
    .innerJoin('events as e', 'e.id', 'r.event_id')
    .select([
      'e.title',
      'e.format',
      'e.starts_at',
      'r.status',
      'r.language',
      'r.consent_at',
      'r.created_at',
      'r.cancelled_at',
      'r.attended',
    ])
    .where(sql<string>`lower(r.email)`, 'in', emails)
    .orderBy('r.created_at')
    .execute();
  return rows.map((r) => ({
    event: r.title,
    format: r.format,
    startsAt: r.starts_at.toISOString(),
    status: r.status,
    language: r.language,
    consentAt: r.consent_at.toISOString(),
    createdAt: r.created_at.toISOString(),
    cancelledAt: iso(r.cancelled_at),
    attended: r.attended,
  }));
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export async function loadPersonRecord(db: Db, found: FoundPerson): Promise<PersonRecord> {
  const ids = found.conversationIds;
  const [clients, conversations, messages, attachments, feedback, bookings, access, mails] =
    await Promise.all([
      found.clientIds.length
        ? db
            .selectFrom('clients')
            .selectAll()
            .where('id', 'in', found.clientIds)
            .orderBy('created_at')
            .execute()
        : [],
      ids.length
        ? db
            .selectFrom('conversations as c')
            .leftJoin('organisations as o', 'o.id', 'c.organisation_id')
            .leftJoin('staff as h', 'h.id', 'c.legal_hold_by')
            .select([
              'c.id',
              'c.channel',
              'c.status',
              'o.name_fi as provider',
              'c.topic',
              'c.language',
              'c.subject',
              'c.outcome',
              'c.client_age_band',
              'c.client_municipality',
              'c.client_situation',
              'c.details',
              'c.created_at',
              'c.closed_at',
              'c.retain_until',
              'c.erased_at',
              'c.legal_hold_reason',
              'c.legal_hold_at',
              'h.name as legal_hold_by',
            ])
            .where('c.id', 'in', ids)
            .orderBy('c.created_at')
            .execute()
        : [],
      ids.length
        ? db
            .selectFrom('messages as m')
            .leftJoin('staff as s', 's.id', 'm.author_staff_id')
            .select([
              'm.conversation_id',
              'm.seq',
              'm.kind',
              'm.author_type',
              's.name as staff_name',
              'm.body',
              'm.event_type',
              'm.created_at',
            ])
            .where('m.conversation_id', 'in', ids)
            .orderBy('m.conversation_id')
            .orderBy('m.seq')
            .execute()
        : [],
      ids.length
        ? db
            .selectFrom('attachments')
            .select(['conversation_id', 'message_seq', 'filename', 'content_type', 'size_bytes'])
            .where('conversation_id', 'in', ids)
            .execute()
        : [],
      ids.length
        ? db.selectFrom('conversation_feedback').selectAll().where('conversation_id', 'in', ids).execute()
        : [],
      ids.length
        ? db
            .selectFrom('appointments as a')
            .leftJoin('staff as s', 's.id', 'a.staff_id')
            .select([
              'a.conversation_id',
              'a.channel',
              'a.starts_at',
              'a.ends_at',
              'a.status',
              'a.location',
              's.name as counsellor',
            ])
            .where('a.conversation_id', 'in', ids)
            .orderBy('a.starts_at')
            .execute()
        : [],
      ids.length
        ? db
            .selectFrom('audit_log as l')
            .leftJoin('staff as s', 's.id', 'l.actor_staff_id')
            .select(['l.target_id', 's.name as staff_name', 'l.occurred_at', 'l.details'])
            .where('l.action', '=', 'conversation.read')
            .where('l.target_type', '=', 'conversation')
            .where('l.target_id', 'in', ids)
            .orderBy('l.occurred_at')
            .execute()
        : [],
      found.emails.length || ids.length
        ? db
            .selectFrom('outgoing_mail')
            .select(['to_address', 'subject', 'status', 'created_at', 'sent_at', 'text_body'])
            .where(({ or, eb }) =>
              or([
                ...(ids.length ? [eb('conversation_id', 'in', ids)] : []),
                ...(found.emails.length ? [eb(eb.fn('lower', ['to_address']), 'in', found.emails)] : []),
              ]),
            )
            .where('kind', '!=', 'counsellor_notice')
            .orderBy('created_at')
            .execute()
        : [],
    ]);

  const byConversation = <T extends { conversation_id: string | null }>(rows: T[]) => {
    const map = new Map<string, T[]>();
    for (const row of rows) {
      if (!row.conversation_id) continue;
      map.set(row.conversation_id, [...(map.get(row.conversation_id) ?? []), row]);
    }
    return map;
  };
  const messagesOf = byConversation(messages);
  const attachmentsOf = byConversation(attachments);
  const bookingsOf = byConversation(bookings);
  const accessOf = byConversation(access.map((a) => ({ ...a, conversation_id: a.target_id })));
  const feedbackOf = new Map(feedback.map((f) => [f.conversation_id, f]));

  const registrations = await loadRegistrations(db, found.emails);
  return {
    registrations,
    clients: clients.map((c) => ({
      id: c.id,
      firstName: c.first_name,
      email: c.email,
      phone: c.phone,
      preferredLanguage: c.preferred_language,
      consentAt: iso(c.consent_contact_at),
      browserRemembered: c.secret_hash !== null,
      createdAt: c.created_at.toISOString(),
      lastSeenAt: c.last_seen_at.toISOString(),
    })),
    conversations: conversations.map((c) => {
      const files = attachmentsOf.get(c.id) ?? [];
      const rating = feedbackOf.get(c.id);
      return {
        id: c.id,
        channel: c.channel,
        status: c.status,
        provider: c.provider,
        topic: c.topic,
        language: c.language,
        subject: c.subject,
        outcome: c.outcome,
        clientAgeBand: c.client_age_band,
        clientMunicipality: c.client_municipality,
        clientSituation: c.client_situation,
        details: c.details,
        createdAt: c.created_at.toISOString(),
        closedAt: iso(c.closed_at),
        retainUntil: iso(c.retain_until),
        erasedAt: iso(c.erased_at),
        legalHold:
          c.legal_hold_reason && c.legal_hold_at
            ? { reason: c.legal_hold_reason, at: c.legal_hold_at.toISOString(), by: c.legal_hold_by }
            : null,
        messages: (messagesOf.get(c.id) ?? []).map((m) => ({
          seq: m.seq,
          kind: m.kind,
          author: m.author_type,
          staffName: m.staff_name,
          body: m.body,
          eventType: m.event_type,
          createdAt: m.created_at.toISOString(),
          attachments: files
            .filter((f) => f.message_seq === m.seq)
            .map((f) => ({ filename: f.filename, contentType: f.content_type, sizeBytes: f.size_bytes })),
        })),
        feedback: rating
          ? { score: rating.score, comment: rating.comment, createdAt: rating.created_at.toISOString() }
          : null,
        bookings: (bookingsOf.get(c.id) ?? []).map((b) => ({
          channel: b.channel,
          startsAt: b.starts_at.toISOString(),
          endsAt: b.ends_at.toISOString(),
          status: b.status,
          counsellor: b.counsellor,
          location: b.location,
        })),
        accessLog: (accessOf.get(c.id) ?? []).map((a) => ({
          staffName: a.staff_name,
          at: a.occurred_at.toISOString(),
          via: typeof a.details.via === 'string' ? a.details.via : 'inbox',
        })),
      };
    }),
    mails: mails.map((m) => ({
      to: m.to_address,
      subject: m.subject,
      status: m.status,
      createdAt: m.created_at.toISOString(),
      sentAt: iso(m.sent_at),
      text: m.text_body,
    })),
  };
}
