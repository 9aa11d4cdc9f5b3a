import type { StaffProfile } from './access.js';
import type { Db } from '../db/database-types.js';
import type { ConversationRow } from './conversation.table.js';
import type { MessageWithAuthor } from './message.repository.js';
import { fitScore } from './fit.js';

export interface StaffMessage {
  seq: number;
  kind: 'message' | 'note' | 'event';
  author: 'client' | 'staff' | 'system';
  authorName: string | null;
  authorStaffId: string | null;
  body: string;
  eventType: string | null;
  details: Record<string, unknown>;
  clientMsgId: string | null;
  createdAt: string;
}

export function presentStaffMessage(row: MessageWithAuthor): StaffMessage {
  return {
    seq: row.seq,
    kind: row.kind,
    author: row.author_type,
    authorName: row.author_name ?? null,
    authorStaffId: row.author_staff_id,
    body: row.body,
    eventType: row.event_type,
    details: row.details,
    clientMsgId: row.client_msg_id,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

type SummaryRow = Pick<
  ConversationRow,
  | 'id'
  | 'channel'
  | 'status'
  | 'topic'
  | 'language'
  | 'subject'
  | 'organisation_id'
  | 'assigned_staff_id'
  | 'created_at'
  | 'last_message_at'
  | 'closed_at'
  | 'outcome'
> & { assigned_name?: string | null; organisation_name?: string | null };

const isoOrNull = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/** What every staff list shows of a conversation: the queue, one's own chats, the unified inbox. */
export function presentConversationSummary(row: SummaryRow) {
  return {
    id: row.id,
    channel: row.channel,
    status: row.status,
    topic: row.topic,
    language: row.language,
    subject: row.subject,
    organisationId: row.organisation_id,
    organisationName: row.organisation_name ?? null,
    assignedStaffId: row.assigned_staff_id,
    assignedName: row.assigned_name ?? null,
    createdAt: new Date(row.created_at).toISOString(),
    lastMessageAt: isoOrNull(row.last_message_at),
    closedAt: isoOrNull(row.closed_at),
    outcome: row.outcome,
  };
}

export type ConversationSummary = ReturnType<typeof presentConversationSummary>;

export function presentInboxItem(
  row: ConversationRow & { assigned_name?: string | null; organisation_name?: string | null },
  staff?: StaffProfile,
  position?: number,
) {
  const details = row.details as { firstName?: string | null; sourceOrganisationId?: string | null };
  const fit = staff ? fitScore(staff, row) : null;
  return {
    ...presentConversationSummary(row),
    firstName: details.firstName ?? null,
    queueOrganisationId: row.queue_organisation_id,
    queueExpertise: row.queue_expertise,
    sourceSite: row.source_site,
    sourcePage: row.source_page,
    queuedAt: isoOrNull(row.queued_at),
    firstResponseAt: isoOrNull(row.first_response_at),
    lastSeq: row.last_seq,
    queuePosition: position ?? null,
    recommended: fit ? fit.language && (fit.expertise || row.topic === 'other') : false,
    match: fit ? { language: fit.language, expertise: fit.expertise, provider: fit.provider } : null,
  };
}

export type InboxItem = ReturnType<typeof presentInboxItem>;

export const withNames = (db: Db) =>
  db
    .selectFrom('conversations as c')
    .leftJoin('staff as s', 's.id', 'c.assigned_staff_id')
    .leftJoin('organisations as o', 'o.id', 'c.organisation_id')
    .selectAll('c')
    .select(['s.name as assigned_name', 'o.name_fi as organisation_name']);

export async function inboxItemById(db: Db, id: string): Promise<InboxItem | undefined> {
  const row = await withNames(db).where('c.id', '=', id).executeTakeFirst();
  return row ? presentInboxItem(row) : undefined;
}
