import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../db/database-types.js';
import type {
  Channel,
  ClientAgeBand,
  ClientSituation,
  ConversationRow,
  ConversationStatus,
  MessageRow,
} from './conversation.table.js';
import { appendMessage, type NewMessage } from './message.repository.js';
import { closedNow } from './retention.js';

/** The person behind a new conversation. Contact details are stored only with consent. */
export interface NewClient {
  firstName?: string | null;
  email?: string | null;
  phone?: string | null;
  language?: string | null;
  /** The person agreed to be contacted (and to their details being kept). */
  consent: boolean;
  /**
   * The hash of a key the visitor's browser keeps: with consent, the same browser's earlier
   * conversations become one client (their history is shown to the counsellor).
   */
  browserKeyHash?: string | null;
}

/** The first entry of the stream: the client's message or a system event (`queued`). */
export type FirstEntry = Omit<NewMessage, 'conversationId' | 'openOnly' | 'clientMsgId'>;

export interface OpenConversationInput {
  channel: Channel;
  status: ConversationStatus;
  /**
   * Makes opening idempotent: a key (a UUID the client made for this request) seen before
   * opens nothing and returns the conversation it opened (`created: false`). Whoever passes a
   * key checks that the returned conversation is the caller's before showing anything of it.
   */
  requestKey?: string | null;
  /** No client for a contact that identifies nobody (a face-to-face talk without follow-up). */
  client?: NewClient | null;
  organisationId?: string | null;
  assignedStaffId?: string | null;
  topic: string | null;
  language: string | null;
  subject?: string | null;
  sourceSite?: string | null;
  sourcePage?: string | null;
  /** The kind of page it was started from and the guide it was started beside (self-help/entry-point.ts). */
  entry?: { entry: string; guideKey: string | null } | null;
  /** Hash of the visitor's secret: their only key to a chat. */
  accessHash?: string | null;
  dueAt?: Date | null;
  /** Kept until then even while open (contact requests); closing sets it otherwise. */
  retainUntil?: Date | null;
  /** Closing outcome, for a conversation recorded when it was already over. */
  outcome?: string | null;
  eventId?: string | null;
  clientAgeBand?: ClientAgeBand | null;
  clientSituation?: ClientSituation | null;
  clientMunicipality?: string | null;
  details?: Record<string, unknown>;
  /** For contacts recorded afterwards (a face-to-face talk, the demo history); now otherwise. */
  times?: {
    createdAt?: Date;
    assignedAt?: Date;
    firstResponseAt?: Date;
    lastMessageAt?: Date;
  };
  first?: FirstEntry;
}

export interface Opened {
  conversation: ConversationRow;
  /** False when the request key had opened it already: nothing new was stored. */
  created: boolean;
  first?: MessageRow;
}

/**
 * Opens a conversation: the client, the conversation and its first message or event, in one
 * transaction (the caller's, when it passes one, so that what else the channel stores — an
 * appointment, a confirmation mail — commits with it). Every channel opens its contacts here;
 * nothing else inserts into `clients` or `conversations`. The caller notifies after commit.
 */
export async function openConversation(db: Db, input: OpenConversationInput): Promise<Opened> {
  return db.isTransaction ? open(db, input) : db.transaction().execute((trx) => open(trx, input));
}

async function open(trx: Db, input: OpenConversationInput): Promise<Opened> {
  // With a request key the conversation row comes first: a repeated request stops at its
  // unique key before it has written anything else (no orphan client).
  const clientId = input.client && !input.requestKey ? await insertClient(trx, input.client) : null;
  const inserted = await insertConversationRow(trx, input, clientId);
  if (!inserted) {
    const existing = await trx
      .selectFrom('conversations')
      .selectAll()
      .where('client_ref', '=', input.requestKey!)
      .executeTakeFirstOrThrow();
    return { conversation: existing, created: false };
  }
  let conversation = inserted;
  if (input.client && input.requestKey) {
    const id = await insertClient(trx, input.client);
    conversation = await trx
      .updateTable('conversations')
      .set({ client_id: id })
      .where('id', '=', inserted.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }
  if (input.status === 'closed') {
    // Closed the moment it is recorded: the same columns as any other way of closing.
    conversation = await trx
      .updateTable('conversations')
      .set(closedNow(input.outcome ?? 'other'))
      .where('id', '=', conversation.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }
  if (!input.first) return { conversation, created: true };
  const { message } = await appendMessage(trx, { ...input.first, conversationId: conversation.id });
  return {
    conversation: { ...conversation, last_seq: message.seq },
    created: true,
    first: message,
  };
}

/**
 * The row a new conversation is stored as. `record-history.ts` stores contacts that happened
 * before from the same row, so a recorded contact looks like one opened here.
 */
export function newConversationValues(input: OpenConversationInput, clientId: string | null) {
  const times = input.times ?? {};
  const startedAt = times.createdAt ?? sql<Date>`now()`;
  const closed = input.status === 'closed';
  return {
    channel: input.channel,
    status: input.status,
    client_id: clientId,
    organisation_id: input.organisationId ?? null,
    assigned_staff_id: input.assignedStaffId ?? null,
    assigned_at: input.assignedStaffId ? (times.assignedAt ?? startedAt) : null,
    topic: input.topic,
    language: input.language,
    subject: input.subject ?? null,
    source_site: input.sourceSite ?? null,
    source_page: input.sourcePage ?? null,
    entry_point: input.entry?.entry ?? null,
    entry_guide_key: input.entry?.guideKey ?? null,
    access_hash: input.accessHash ?? null,
    queued_at: input.status === 'queued' ? startedAt : null,
    due_at: input.dueAt ?? null,
    retain_until: input.retainUntil ?? null,
    event_id: input.eventId ?? null,
    client_age_band: input.clientAgeBand ?? null,
    client_situation: input.clientSituation ?? null,
    client_municipality: input.clientMunicipality ?? null,
    client_ref: input.requestKey ?? null,
    details: JSON.stringify(input.details ?? {}),
    ...(times.createdAt ? { created_at: times.createdAt } : {}),
    ...(times.firstResponseAt ? { first_response_at: times.firstResponseAt } : {}),
    ...(times.lastMessageAt ? { last_message_at: times.lastMessageAt } : {}),
    // closedNow keeps a closing time already set: a contact recorded afterwards ended then.
    ...(closed ? { closed_at: startedAt } : {}),
  };
}

function insertConversationRow(trx: Db, input: OpenConversationInput, clientId: string | null) {
  const query = trx.insertInto('conversations').values(newConversationValues(input, clientId)).returningAll();
  return input.requestKey
    ? query
        .onConflict((oc) => oc.column('client_ref').where('client_ref', 'is not', null).doNothing())
        .executeTakeFirst()
    : query.executeTakeFirst();
}

/** The row a new client is stored as: contact details only with consent, given at `at`. */
export function newClientValues(client: NewClient, at: Date | RawBuilder<Date>) {
  return {
    first_name: client.consent ? (client.firstName ?? null) : null,
    email: client.consent ? (client.email ?? null) : null,
    phone: client.consent ? (client.phone ?? null) : null,
    preferred_language: client.language ?? null,
    consent_contact_at: client.consent ? at : null,
  };
}

/**
 * Stores the client: a new anonymous row, or — with consent and a browser key — the same
 * browser's row, updated with what was given now.
 */
export async function insertClient(trx: Db, client: NewClient): Promise<string> {
  const values = newClientValues(client, sql<Date>`now()`);
  if (client.consent && client.browserKeyHash) {
    const row = await trx
      .insertInto('clients')
      .values({ ...values, secret_hash: client.browserKeyHash })
      .onConflict((oc) =>
        oc.column('secret_hash').doUpdateSet({
          first_name: sql`coalesce(excluded.first_name, clients.first_name)`,
          preferred_language: values.preferred_language,
          consent_contact_at: sql<Date>`now()`,
          last_seen_at: sql<Date>`now()`,
        }),
      )
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }
  const row = await trx.insertInto('clients').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}
