import { sql } from 'kysely';
import type { z } from 'zod';
import { authorize } from '../../access/policy.js';
import { recordAudit } from '../../access/audit.js';
import type { RequestContext } from '../../access/request-context.js';
import type { ChatNotifier } from '../../conversations/notifier.js';
import type { Db } from '../../db/database-types.js';
import { AppError } from '../../errors.js';
import { eraseConversations, type ErasureCounts } from '../../conversations/erasure.js';
import { exportDocument, type ExportLang } from './export-document.js';
import { findPerson, parseIdentifier, type FoundPerson } from './person-lookup.js';
import { loadPersonRecord, type PersonRecord } from './person-record.js';
import type {
  eraseRequestSchema,
  exportRequestSchema,
  PersonRequest,
  PersonSummary,
} from './privacy.schema.js';

/*
 * Data-subject requests: find everything about a person by one identifier, export it, erase it,
 * and hold a conversation for a legal reason. Every search, export and erasure is in the audit
 * log with its reason and what kind of identifier was used — never the identifier itself, so
 * that the log does not keep what an erasure removed.
 */

/** Everyone the identifiers lead to, as one person (each checked whole before any lookup). */
async function find(db: Db, ctx: RequestContext, input: PersonRequest): Promise<FoundPerson> {
  authorize(ctx.actor, 'privacy.handle');
  const parsed = input.identifiers.map((identifier, index) => parseIdentifier(identifier, index));
  const found = await Promise.all(parsed.map((p) => findPerson(db, p)));
  const union = (pick: (f: FoundPerson) => string[]) => [...new Set(found.flatMap(pick))];
  return {
    clientIds: union((f) => f.clientIds),
    conversationIds: union((f) => f.conversationIds),
    emails: union((f) => f.emails),
  };
}

/** The kinds of identifier used, for the audit log (never the values). */
const kindsOf = (input: PersonRequest) => input.identifiers.map((i) => i.kind);

function summarise(record: PersonRecord): PersonSummary {
  return {
    clients: record.clients,
    conversations: record.conversations.map((c) => ({
      id: c.id,
      channel: c.channel,
      status: c.status,
      provider: c.provider,
      topic: c.topic,
      subject: c.subject,
      createdAt: c.createdAt,
      closedAt: c.closedAt,
      retainUntil: c.retainUntil,
      erasedAt: c.erasedAt,
      legalHold: c.legalHold,
      messages: c.messages.filter((m) => m.kind === 'message').length,
      notes: c.messages.filter((m) => m.kind === 'note').length,
      bookings: c.bookings.length,
      feedback: c.feedback !== null,
      openedByStaff: c.accessLog.length,
    })),
    registrations: record.registrations.length,
    mails: record.mails.length,
  };
}

export async function searchPerson(
  db: Db,
  ctx: RequestContext,
  input: PersonRequest,
): Promise<PersonSummary> {
  const found = await find(db, ctx, input);
  const record = await loadPersonRecord(db, found);
  await recordAudit(db, ctx, {
    action: 'privacy.search',
    targetType: 'person',
    organisationId: null,
    details: {
      identifiers: kindsOf(input),
      reason: input.reason,
      conversations: found.conversationIds.length,
      clients: found.clientIds.length,
    },
  });
  return summarise(record);
}

/** The person's own language for the document: the one they used with the service, else Finnish. */
function languageOf(record: PersonRecord): ExportLang {
  const used = [
    ...record.clients.map((c) => c.preferredLanguage),
    ...record.conversations.map((c) => c.language),
  ].find((l): l is ExportLang => l === 'fi' || l === 'sv' || l === 'en');
  return used ?? 'fi';
}

export interface ExportFile {
  filename: string;
  contentType: string;
  body: string;
}

export async function exportPerson(
  db: Db,
  ctx: RequestContext,
  input: z.infer<typeof exportRequestSchema>,
  now = new Date(),
): Promise<ExportFile> {
  const found = await find(db, ctx, input);
  const record = await loadPersonRecord(db, found);
  const lang = input.lang ?? languageOf(record);
  await recordAudit(db, ctx, {
    action: 'privacy.export',
    targetType: 'person',
    organisationId: null,
    details: {
      identifiers: kindsOf(input),
      reason: input.reason,
      format: input.format,
      lang,
      conversations: found.conversationIds.length,
    },
  });
  const day = now.toISOString().slice(0, 10);
  if (input.format === 'html') {
    return {
      filename: `opintori-tiedot-${day}.html`,
      contentType: 'text/html; charset=utf-8',
      body: exportDocument(lang, record, now),
    };
  }
  return {
    filename: `opintori-tiedot-${day}.json`,
    contentType: 'application/json; charset=utf-8',
    body: JSON.stringify(
      { service: 'OpinTori', exportedAt: now.toISOString(), language: lang, ...record },
      null,
      2,
    ),
  };
}

/**
 * Erases everything found: refused with 409 naming the reason when any of the conversations is
 * under a legal hold. One transaction — the holds are read under row locks, and a failure erases
 * nothing.
 */
export async function erasePerson(
  db: Db,
  notifier: ChatNotifier,
  ctx: RequestContext,
  input: z.infer<typeof eraseRequestSchema>,
): Promise<ErasureCounts> {
  const found = await find(db, ctx, input);
  const counts = await db.transaction().execute(async (trx) => {
    if (found.conversationIds.length > 0) {
      const held = await trx
        .selectFrom('conversations')
        .select(['id', 'legal_hold_reason'])
        .where('id', 'in', found.conversationIds)
        .forUpdate()
        .execute()
        .then((rows) => rows.filter((r) => r.legal_hold_reason !== null));
      if (held.length > 0) {
        throw new AppError(
          'privacy.legal_hold',
          409,
          `Under a legal hold: ${held.map((h) => h.legal_hold_reason).join('; ')}`,
          { conversations: held.map((h) => ({ id: h.id, reason: h.legal_hold_reason })) },
        );
      }
    }
    const erased = await eraseConversations(trx, found.conversationIds, {
      emails: found.emails,
      clientIds: found.clientIds,
    });
    await recordAudit(trx, ctx, {
      action: 'privacy.erase',
      targetType: 'person',
      organisationId: null,
      details: { identifiers: kindsOf(input), reason: input.reason, ...erased, ids: found.conversationIds },
    });
    return erased;
  });
  for (const id of found.conversationIds) notifier.conversationChanged(id);
  if (counts.closed > 0) notifier.queueChanged('erased');
  return counts;
}

async function heldConversation(db: Db, id: string) {
  const row = await db
    .selectFrom('conversations as c')
    .leftJoin('staff as s', 's.id', 'c.legal_hold_by')
    .select(['c.id', 'c.organisation_id', 'c.legal_hold_reason', 'c.legal_hold_at', 's.name as by'])
    .where('c.id', '=', id)
    .executeTakeFirst();
  if (!row) throw new AppError('conversation.not_found', 404, 'No such conversation');
  return {
    id: row.id,
    organisationId: row.organisation_id,
    legalHold:
      row.legal_hold_reason && row.legal_hold_at
        ? { reason: row.legal_hold_reason, at: row.legal_hold_at.toISOString(), by: row.by }
        : null,
  };
}

/** Puts a conversation on legal hold (or changes the reason): retention pauses, erasure is refused. */
export async function placeLegalHold(db: Db, ctx: RequestContext, id: string, reason: string) {
  const actor = authorize(ctx.actor, 'privacy.handle');
  const before = await heldConversation(db, id);
  await db
    .updateTable('conversations')
    .set({ legal_hold_reason: reason, legal_hold_at: sql<Date>`now()`, legal_hold_by: actor.staffId })
    .where('id', '=', id)
    .execute();
  await recordAudit(db, ctx, {
    action: 'privacy.legal_hold',
    targetType: 'conversation',
    targetId: id,
    organisationId: before.organisationId,
    details: { reason, replaced: before.legalHold !== null },
  });
  const after = await heldConversation(db, id);
  return { id, legalHold: after.legalHold };
}

/** Releases a hold: the conversation's retention runs again from its own dates. */
export async function releaseLegalHold(db: Db, ctx: RequestContext, id: string, reason: string) {
  authorize(ctx.actor, 'privacy.handle');
  const before = await heldConversation(db, id);
  if (!before.legalHold) throw new AppError('privacy.not_held', 409, 'The conversation is not on hold');
  await db
    .updateTable('conversations')
    .set({ legal_hold_reason: null, legal_hold_at: null, legal_hold_by: null })
    .where('id', '=', id)
    .execute();
  await recordAudit(db, ctx, {
    action: 'privacy.legal_hold_released',
    targetType: 'conversation',
    targetId: id,
    organisationId: before.organisationId,
    details: { reason, heldFor: before.legalHold.reason },
  });
  return { id, legalHold: null };
}

/**
 * The client's own "delete this conversation" after a chat ended: the conversation's secret
 * proved ownership. Erased as a data-subject erasure is (the statistics keep their count); a
 * conversation under a legal hold is refused with 409.
 */
export async function eraseOwnConversation(
  db: Db,
  notifier: ChatNotifier,
  ctx: RequestContext,
  conversation: { id: string; status: string; organisation_id: string | null },
): Promise<ErasureCounts> {
  if (conversation.status !== 'closed') {
    throw new AppError('chat.not_ended', 409, 'End the chat before deleting it');
  }
  const counts = await db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('conversations')
      .select('legal_hold_reason')
      .where('id', '=', conversation.id)
      .forUpdate()
      .executeTakeFirst();
    if (row?.legal_hold_reason) {
      throw new AppError('privacy.legal_hold', 409, 'The conversation must be kept for a legal reason', {
        conversations: [{ id: conversation.id, reason: row.legal_hold_reason }],
      });
    }
    const erased = await eraseConversations(trx, [conversation.id]);
    await recordAudit(trx, ctx, {
      action: 'privacy.erase_own',
      targetType: 'conversation',
      targetId: conversation.id,
      organisationId: conversation.organisation_id,
      details: { ...erased },
    });
    return erased;
  });
  notifier.conversationChanged(conversation.id);
  return counts;
}
